/**
 * The floor of the MCE benchmark, as its own process: a bare `ws` client that
 * receives the simulator's frames and JSON.parse-s each, nothing else.
 *   node bench/support/mce-floor.ts <mce base url> <seconds>
 * Prints one JSON line: frames and status events received, CPU microseconds
 * (user + system) spent while receiving.
 */
import { WebSocket } from 'ws';

const [base, secondsArg] = process.argv.slice(2);
if (!base || !secondsArg) {
  console.error('usage: mce-floor.ts <mce base url> <seconds>');
  process.exit(2);
}
const seconds = Number(secondsArg);
const basic = `Basic ${Buffer.from('mce:mce').toString('base64')}`;
const r = await fetch(`${base}/auth/mce/token`, { method: 'POST', headers: { authorization: basic } });
const token = ((await r.json()) as { access_token: string }).access_token;
const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/agent-status`, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
let frames = 0;
let statuses = 0;
let parsedKeys = 0;
await new Promise<void>((resolve) => ws.once('open', () => resolve()));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
ws.on('message', (data) => {
  const f = JSON.parse(data.toString()) as { type: string };
  frames++;
  if (f.type === 'status') statuses++;
  // Touch the result so the parse cannot be optimised away.
  parsedKeys += f.type.length;
});
await new Promise((res) => setTimeout(res, seconds * 1000));
const cpu = process.cpuUsage(cpu0);
const elapsedMs = performance.now() - t0;
ws.terminate();
console.log(JSON.stringify({ frames, statuses, cpuUs: cpu.user + cpu.system, elapsedMs, parsedKeys }));
