/**
 * `npm run bench -- mce`: live agent status at load, end to end.
 *
 * 10 000 agents, 5 000 status events a second, from the MCE simulator in a
 * child process on loopback, into a running gateway (the real headless host,
 * its own process) with the Agents screen open in Chromium, for
 * BENCH_MCE_SECONDS (default 60). Measured:
 * - gateway CPU (% of one core) and CPU per event, against the floor: a bare
 *   `ws` client in its own process receiving and JSON.parse-ing the same
 *   frames (BENCH_MCE_FLOOR_SECONDS, default 30), CPU per event;
 * - the gateway's event-loop delay p99, RSS, database rows written a second;
 * - events lost: the gateway's final state compared agent by agent with the
 *   simulator's once the stream stops (must be 0);
 * - in Chromium: the delay from an event leaving the simulator (its `since`)
 *   to its row showing the new state (rows on screen only), p50 and p99, and
 *   the table's renders a second.
 * Targets: 0 lost, CPU/event ≤ 3 × the floor's, event-loop p99 ≤ 50 ms,
 * event → screen p99 ≤ 250 ms, ≤ 4 renders/s, RSS ≤ 400 MB.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWsClient } from '../renderer/src/client/ws.ts';
import { ensureRendererBuilt, distIndex } from '../e2e/support/build.ts';
import { launchChromium, newConsoleContext } from '../e2e/support/browser.ts';

const here = dirname(fileURLToPath(import.meta.url));
const AGENTS = 10_000;
const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_MCE_SECONDS ?? 60);
const FLOOR_SECONDS = Number(process.env.BENCH_MCE_FLOOR_SECONDS ?? 30);
const basic = `Basic ${Buffer.from('mce:mce').toString('base64')}`;

interface GatewayStats {
  elapsedMs: number;
  cpuUs: number;
  events: number;
  factsWritten: number;
  agentsWritten: number;
  eldP99Ms: number;
  eldMaxMs: number;
  rssMb: number;
  maxRssMb: number;
  status: { mode: string; counters: Record<string, number> };
}

function lineFrom(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing within 60 s`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it printed`));
    });
  });
}

async function admin(base: string, action: string): Promise<void> {
  const r = await fetch(`${base}/_sim/actions/${action}`, { method: 'POST', headers: { authorization: basic } });
  if (r.status !== 200) throw new Error(`simulator action ${action} answered ${r.status}`);
}

async function simTruth(base: string): Promise<Map<string, { state: string; since: string }>> {
  const tok = (await (await fetch(`${base}/auth/mce/token`, { method: 'POST', headers: { authorization: basic } })).json()) as { access_token: string };
  const body = (await (await fetch(`${base}/api/v1/agents`, { headers: { authorization: `Bearer ${tok.access_token}` } })).json()) as { agents: Array<{ agentId: string; state: string; since: string }> };
  return new Map(body.agents.map((a) => [a.agentId, a]));
}

function ask<T>(child: ChildProcess, cmd: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== reply) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    child.send({ cmd });
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function run(): Promise<Record<string, unknown>> {
  ensureRendererBuilt();
  const children: ChildProcess[] = [];
  const sim = spawn(process.execPath, [join(here, '..', 'simulators', 'mce', 'main.ts'), '--port', '0', '--agents', String(AGENTS), '--events-per-sec', String(RATE), '--paused'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(sim);
  let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    const simInfo = JSON.parse(await lineFrom(sim, 'the simulator')) as { url: string };

    // The floor: a bare client receiving and parsing the same stream.
    const floor = spawn(process.execPath, [join(here, 'support', 'mce-floor.ts'), simInfo.url, String(FLOOR_SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(floor);
    const floorLine = lineFrom(floor, 'the floor client');
    await new Promise((r) => setTimeout(r, 500));
    await admin(simInfo.url, 'resume');
    const floorStats = JSON.parse(await floorLine) as { frames: number; statuses: number; cpuUs: number; elapsedMs: number };
    await admin(simInfo.url, 'pause');
    const floorUsPerEvent = floorStats.cpuUs / floorStats.statuses;

    // The gateway, with the Agents screen open.
    // execArgv: the bench runs under --input-type=module, which a forked file must not inherit.
    const gw = fork(join(here, 'support', 'mce-gateway.ts'), [simInfo.url, dirname(distIndex)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // BENCH_MCE_PROFILE=DIR writes the gateway's CPU profile there (for finding where its time goes).
      execArgv: process.env.BENCH_MCE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_MCE_PROFILE}`] : [],
    });
    children.push(gw);
    const ready = await new Promise<{ url: string; port: number; token: string }>((resolve) => gw.once('message', (m) => resolve(m as { url: string; port: number; token: string })));
    const api = createWsClient({ url: `ws://127.0.0.1:${ready.port}/ws`, token: ready.token });
    for (let i = 0; i < 300 && (await api.call('mce.status', {})).mode !== 'live'; i++) await new Promise((r) => setTimeout(r, 100));

    browser = await launchChromium();
    const context = await newConsoleContext(browser);
    const page = await context.newPage();
    await page.goto(`${ready.url}/?token=${ready.token}#/agents`);
    await page.locator('[data-testid="agents-grid"] [data-agent-id]').first().waitFor({ timeout: 60_000 });
    // Every row on screen whose data-since moves to an instant not seen for that agent is one event shown.
    await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __seen: Map<string, string>; __from: number };
      w.__lat = [];
      w.__seen = new Map();
      w.__from = Date.now();
      const grid = document.querySelector('[data-testid="agents-grid"]')!;
      const note = (el: Element) => {
        const since = el.getAttribute('data-since');
        const id = el.closest('[data-agent-id]')?.getAttribute('data-agent-id');
        if (!since || !id || w.__seen.get(id) === since) return;
        w.__seen.set(id, since);
        const t = Date.parse(since);
        if (t >= w.__from) w.__lat.push(performance.timeOrigin + performance.now() - t);
      };
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') note(r.target as Element);
          else for (const n of r.addedNodes) if (n instanceof Element) n.querySelectorAll('[data-since]').forEach(note);
        }
      }).observe(grid, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-since'] });
      grid.querySelectorAll('[data-since]').forEach((el) => {
        const id = el.closest('[data-agent-id]')?.getAttribute('data-agent-id');
        if (id) w.__seen.set(id, el.getAttribute('data-since') ?? '');
      });
    });

    gw.send({ cmd: 'begin' });
    const renders0 = await page.evaluate(() => (window as unknown as { __argusAgentsRenders?: number }).__argusAgentsRenders ?? 0);
    const t0 = Date.now();
    await admin(simInfo.url, 'resume');
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    await admin(simInfo.url, 'pause');
    const renders = (await page.evaluate(() => (window as unknown as { __argusAgentsRenders?: number }).__argusAgentsRenders ?? 0)) - renders0;
    const browserSeconds = (Date.now() - t0) / 1000;
    const stats = await ask<GatewayStats>(gw, 'end', 'stats');
    const lat = (await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat)).sort((a, b) => a - b);

    // Lost events: once the stream stopped, the gateway must hold what the simulator holds.
    await new Promise((r) => setTimeout(r, 2000));
    const truth = await simTruth(simInfo.url);
    const list = await api.call('agents.list', {});
    let lost = 0;
    for (const a of list.agents) {
      const t = truth.get(a.agentId);
      if (!t || t.state !== a.state || Date.parse(t.since) !== Date.parse(a.since)) lost++;
    }
    lost += Math.max(0, truth.size - list.agents.length);
    api.close();
    await context.close();

    const seconds = stats.elapsedMs / 1000;
    const gwUsPerEvent = stats.cpuUs / stats.events;
    const result = {
      agents: truth.size,
      seconds: r1(seconds),
      eventsPerSec: Math.round(stats.events / seconds),
      gateway: {
        cpuPctOfCore: r1((stats.cpuUs / 1e6 / seconds) * 100),
        cpuUsPerEvent: r1(gwUsPerEvent),
        eventLoopDelayP99Ms: r1(stats.eldP99Ms),
        eventLoopDelayMaxMs: r1(stats.eldMaxMs),
        rssMb: Math.round(stats.rssMb),
        peakRssMb: Math.round(stats.maxRssMb),
        historyRowsPerSec: Math.round(stats.factsWritten / seconds),
        stateRowsPerSec: Math.round(stats.agentsWritten / seconds),
        seqGaps: stats.status.counters.seqGaps,
        resyncs: stats.status.counters.resyncs,
        reconnects: stats.status.counters.reconnects,
      },
      floor: { cpuUsPerEvent: r1(floorUsPerEvent), cpuPctOfCore: r1((floorStats.cpuUs / 1e6 / (floorStats.elapsedMs / 1000)) * 100), events: floorStats.statuses },
      cpuPerEventVsFloor: r1(gwUsPerEvent / floorUsPerEvent),
      eventsLost: lost,
      screen: { samples: lat.length, eventToRowP50Ms: Math.round(pct(lat, 50)), eventToRowP99Ms: Math.round(pct(lat, 99)), rendersPerSec: r1(renders / browserSeconds) },
      targets: {
        noneLost: lost === 0,
        cpuLe3xFloor: gwUsPerEvent <= 3 * floorUsPerEvent,
        eventLoopP99Le50Ms: stats.eldP99Ms <= 50,
        eventToRowP99Le250Ms: pct(lat, 99) <= 250,
        rendersLe4PerSec: renders / browserSeconds <= 4,
        rssLe400Mb: stats.maxRssMb <= 400,
      },
    };
    console.log(JSON.stringify(result, null, 2));
    const exited = new Promise<void>((r) => gw.once('exit', () => r()));
    gw.send({ cmd: 'stop' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    return result;
  } finally {
    await browser?.close();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  }
}

if (import.meta.main) await run();
