/**
 * The MCE simulator sustains 5 000 status events per second to one client:
 * it runs as a child process (simulators/mce/main.ts, 10 000 agents) and a
 * `ws` client here counts frames for MCE_SIM_BENCH_SECONDS (default 60),
 * checks that seq has no gap, and reports the received rate per second, the
 * delay from `since` to arrival, and the child's CPU time.
 * Target: ≥ 4 950 frames/s over the run, no gap, p99 delay ≤ 100 ms.
 * Run alone: `npm run bench -- simulator-rate` (named so that `npm run bench -- mce` runs the gateway benchmark alone).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getToken, TestSocket } from '../simulators/mce/test-client.ts';

const RATE = 5000;
const AGENTS = 10_000;
const here = dirname(fileURLToPath(import.meta.url));

/** The child's user + system CPU time in seconds (Linux /proc), or null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

export async function run(): Promise<Record<string, number>> {
  const seconds = Number(process.env.MCE_SIM_BENCH_SECONDS ?? 60);
  const child = spawn(process.execPath, [join(here, '..', 'simulators', 'mce', 'main.ts'), '--port', '0', '--agents', String(AGENTS), '--events-per-sec', String(RATE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const info = await new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as { url: string; wsUrl: string });
      });
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const s = await TestSocket.open(info.wsUrl, await getToken(info.url));
    const snapshot = await s.next();
    let last = snapshot.seq!;
    let gaps = 0;
    let received = 0;
    const delays: number[] = [];
    const perSecond: number[] = [];
    let secondCount = 0;
    // From here on count in a lean listener; statuses the test client already recorded come first.
    s.ws.removeAllListeners('message');
    for (const f of s.frames) if (f.type === 'status') last = f.seq!;
    s.ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; seq: number; since?: string };
      if (f.type !== 'status') return;
      if (f.seq !== last + 1) gaps++;
      last = f.seq;
      received++;
      secondCount++;
      if (received % 50 === 0) delays.push(Date.now() - Date.parse(f.since!));
    });
    const cpu0 = cpuSeconds(child.pid!);
    const t0 = performance.now();
    for (let i = 0; i < seconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      perSecond.push(secondCount);
      secondCount = 0;
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds(child.pid!);
    s.close();
    delays.sort((a, b) => a - b);
    const steady = perSecond.slice(1);
    const result = {
      seconds: Math.round(elapsed * 10) / 10,
      received,
      // Over whole seconds after the first, which also holds what queued while the snapshot was read.
      ratePerSec: Math.round(steady.reduce((a, b) => a + b, 0) / steady.length),
      minSecond: Math.min(...steady),
      maxSecond: Math.max(...steady),
      gaps,
      delayP50Ms: percentile(delays, 50),
      delayP99Ms: percentile(delays, 99),
      delayMaxMs: delays[delays.length - 1] ?? Number.NaN,
      childCpuPercent: cpu0 !== null && cpu1 !== null ? Math.round(((cpu1 - cpu0) / elapsed) * 100) : Number.NaN,
    };
    console.log(`MCE simulator, ${AGENTS} agents at ${RATE} events/s to one client for ${result.seconds} s:`);
    console.log(`  received ${received} status frames = ${result.ratePerSec}/s (per second ${result.minSecond}..${result.maxSecond}), seq gaps ${gaps}`);
    console.log(`  since → arrival p50 ${result.delayP50Ms} ms, p99 ${result.delayP99Ms} ms, max ${result.delayMaxMs} ms; simulator CPU ${result.childCpuPercent} % of a core`);
    const ok = result.ratePerSec >= RATE * 0.99 && gaps === 0 && result.delayP99Ms <= 100;
    console.log(`  target ≥ ${RATE * 0.99}/s, no gap, p99 ≤ 100 ms: ${ok ? 'met' : 'NOT MET'}`);
    if (!ok) process.exitCode = 1;
    return result;
  } finally {
    child.kill('SIGTERM');
  }
}

if (import.meta.main) await run();
