/**
 * The links' in-process state at scrape time: the circuit breaker of each
 * external system and the MCE stream (its mode as a labelled gauge, its
 * counters since the listener started, the agents it reports).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { mceModeSchema, type BreakerSnapshot, type MceCounters, type MceStatus } from '../contract/index.ts';

const BREAKER_STATES = ['closed', 'half_open', 'open'] as const;

export function registerBreakers(registry: Registry, breakers: () => BreakerSnapshot[]): void {
  new Gauge({
    name: 'argus_circuit_breaker_state',
    help: 'Circuit breaker of each external system: 1 for its current state (closed: calls go through; open: held; half_open: one probe allowed), 0 for the others.',
    labelNames: ['system', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const b of breakers()) for (const state of BREAKER_STATES) this.set({ system: b.system, state }, b.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'argus_circuit_breaker_consecutive_failures',
    help: 'Consecutive failed calls counted by the circuit breaker of each external system.',
    labelNames: ['system'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const b of breakers()) this.set({ system: b.system }, b.consecutiveFailures);
    },
  });
}

/** The MCE counters as Prometheus counters: what the listener counted since it started (a restart resets them, as counters do). */
const MCE_COUNTERS: Array<[keyof MceCounters, string, string]> = [
  ['events', 'argus_mce_status_events_total', 'Agent status events applied from the MCE stream.'],
  ['snapshots', 'argus_mce_snapshots_total', 'Snapshots of the agent list taken from MCE (socket or REST).'],
  ['seqGaps', 'argus_mce_seq_gaps_total', 'Gaps in the MCE event sequence (events lost), each answered with a resync.'],
  ['resyncs', 'argus_mce_resyncs_total', 'Resyncs (fresh snapshots) asked of MCE.'],
  ['reconnects', 'argus_mce_reconnects_total', 'Reconnections of the MCE WebSocket.'],
  ['tokenRefreshes', 'argus_mce_token_refreshes_total', 'MCE access tokens obtained or refreshed.'],
  ['badFrames', 'argus_mce_bad_frames_total', 'MCE frames that did not parse or broke the contract (skipped).'],
  ['polls', 'argus_mce_polls_total', 'REST polls of the agent list made while the MCE socket was down.'],
];

export function registerMce(registry: Registry, status: () => MceStatus): void {
  new Gauge({
    name: 'argus_mce_mode',
    help: 'Mode of the MCE agent status stream: 1 for the current one (live, fallback: REST polling, offline, not_configured), 0 for the others.',
    labelNames: ['mode'] as const,
    registers: [registry],
    collect() {
      const mode = status().mode;
      for (const m of mceModeSchema.options) this.set({ mode: m }, m === mode ? 1 : 0);
    },
  });
  for (const [key, name, help] of MCE_COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(status().counters[key]);
      },
    });
  }
  new Gauge({
    name: 'argus_mce_agents',
    help: 'Agents MCE reports (the current state of each is known).',
    registers: [registry],
    collect() {
      this.set(status().agents);
    },
  });
  new Gauge({
    name: 'argus_mce_last_event_timestamp_seconds',
    help: 'When the last MCE status event arrived, Unix time in seconds; 0 before the first.',
    registers: [registry],
    collect() {
      const at = status().lastEventAt;
      this.set(at === null ? 0 : Date.parse(at) / 1000);
    },
  });
}
