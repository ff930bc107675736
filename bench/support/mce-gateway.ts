/**
 * The gateway of the MCE benchmark, as its own process (so that its CPU,
 * event-loop delay and RSS are its own): the real headless host on a fresh
 * data directory, configured for the MCE at the given URL. Driven over IPC:
 *   fork('bench/support/mce-gateway.ts', [mceUrl, staticDir])
 *   → { type: 'ready', url, port, token, dataDir }
 *   ← { cmd: 'begin' } resets the measurement; ← { cmd: 'end' } → { type: 'stats', … }
 *   ← { cmd: 'stop' } closes the host and exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createGateway } from '../../core/service.ts';
import { endpointOrigin } from '../../core/secrets/vault.ts';
import { startServer } from '../../server/start.ts';

const [mceUrl, staticDir] = process.argv.slice(2);
if (!mceUrl || !staticDir || !process.send) {
  console.error('usage: fork mce-gateway.ts <mce url> <static dir> (with an IPC channel)');
  process.exit(2);
}
const send = (m: unknown) => process.send!(m);

const dataDir = mkdtempSync(join(tmpdir(), 'argus-bench-mce-'));
const setup = await createGateway({ dataDir });
setup.config.set('mce.url', mceUrl);
setup.vault.set('mce', { username: 'mce', password: 'mce' }, endpointOrigin(mceUrl));
await setup.close();

const server = await startServer({ dataDir, port: 0, staticDir, log: () => undefined });
const gw = server.gateway;
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
let cpu0 = process.cpuUsage();
let t0 = performance.now();
let events0 = 0;
let facts0 = 0;
let upserts0 = 0;

send({ type: 'ready', url: server.url, port: server.port, token: server.token, dataDir });

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'begin') {
    eld.reset();
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    events0 = gw.mce.listener.counters.events;
    facts0 = gw.mce.writer.factsWritten;
    upserts0 = gw.mce.writer.agentsWritten;
  } else if (m.cmd === 'end') {
    const cpu = process.cpuUsage(cpu0);
    const elapsedMs = performance.now() - t0;
    const status = gw.mce.status();
    send({
      type: 'stats',
      elapsedMs,
      cpuUs: cpu.user + cpu.system,
      events: gw.mce.listener.counters.events - events0,
      factsWritten: gw.mce.writer.factsWritten - facts0,
      agentsWritten: gw.mce.writer.agentsWritten - upserts0,
      eldP99Ms: eld.percentile(99) / 1e6,
      eldMaxMs: eld.max / 1e6,
      rssMb: process.memoryUsage().rss / 1048576,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      status,
    });
  } else if (m.cmd === 'stop') {
    void server.close().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
