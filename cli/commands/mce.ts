/** gatewayctl mce: the state of the MCE link (as the listening process last wrote it) and a connection test. */
import type { Command } from 'commander';
import type { MceStatus } from '../../core/contract/index.ts';
import { GatewayError } from '../../core/errors.ts';
import { emit } from '../context.ts';
import { withGateway } from '../gateway.ts';

/** "3 s", "4 min", "2 h 05 min". */
export function ageText(fromMs: number, now: number): string {
  const s = Math.max(0, Math.round((now - fromMs) / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function modeLine(s: MceStatus, now: number): string {
  const mode = { live: 'live', fallback: 'fallback (polling REST, socket down)', offline: 'offline', not_configured: 'not configured' }[s.mode];
  const last = s.lastEventAt ? `last event ${ageText(Date.parse(s.lastEventAt), now)} ago` : 'no event yet';
  const stale = s.stale ? (s.writtenAt ? `; written ${ageText(Date.parse(s.writtenAt), now)} ago, no process listens now` : '; no gateway process has listened here yet') : '';
  return `MCE ${mode}, ${last}${stale}`;
}

function statusText(s: MceStatus, now: number): string {
  const c = s.counters;
  return [
    modeLine(s, now),
    `endpoint: ${s.simulated ? 'built-in simulator' : (s.endpoint ?? 'not set (gatewayctl config set mce.url http://HOST:8090)')}`,
    `agents: ${s.agents}; events: ${s.eventsPerSec}/s (last minute), ${c.events} since start, ${c.snapshots} snapshots, ${c.polls} REST polls`,
    `seq gaps: ${c.seqGaps}, resyncs: ${c.resyncs}, reconnects: ${c.reconnects}, token refreshes: ${c.tokenRefreshes}, bad frames: ${c.badFrames}`,
    ...(s.lastError ? [`last error (${s.lastError.at}${s.lastError.permanent ? ', needs action' : ''}): ${s.lastError.message}`] : []),
  ].join('\n');
}

export function registerMce(program: Command): void {
  const mce = program.command('mce').description('the MCE/Oktell link');

  mce
    .command('status')
    .description('mode (live | fallback | offline | not_configured), last event, counters, last error, as the process running the listener last wrote them')
    .action(async (_o: object, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        const s = gw.mce.status();
        // Counters at the top level too, for scripts: `jq .seqGaps`.
        emit(cmd, { ...s, ...s.counters }, () => statusText(s, gw.clock.now()));
      });
    });

  mce
    .command('test')
    .description('request a token and read the agent list once from the configured MCE')
    .action(async (_o: object, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const r = await gw.mce.testConnection();
        if (!r.ok) throw new GatewayError(r.code ?? 'mce_error', `MCE test failed${r.latencyMs !== null ? ` after ${r.latencyMs} ms` : ''}: ${r.message}`, 'permanent');
        emit(cmd, r, (x) => `OK in ${x.latencyMs} ms: ${x.message}`);
      });
    });
}
