/** The MCE link on the Health screen: its mode and why, from the listener's status. */
import type { HealthCheck, MceStatus } from '../contract/index.ts';

const ago = (from: string | null, now: number): string => {
  if (!from) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(from)) / 1000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
};

export function mceHealthCheck(s: MceStatus, now: number): HealthCheck {
  const at = new Date(now).toISOString();
  const details: Record<string, unknown> = {
    mode: s.mode,
    endpoint: s.endpoint,
    simulated: s.simulated,
    lastEventAt: s.lastEventAt,
    agents: s.agents,
    eventsPerSec: s.eventsPerSec,
    ...s.counters,
  };
  const err = s.lastError ? `: ${s.lastError.message}` : '';
  switch (s.mode) {
    case 'not_configured':
      return { name: 'mce', status: 'unhealthy', checkedAt: at, reason: 'MCE is not configured: set mce.url and the mce credentials (Settings, or gatewayctl config set mce.url and gatewayctl credentials set mce)', details };
    case 'offline':
      return { name: 'mce', status: 'unhealthy', checkedAt: at, reason: `no connection to MCE${s.stale ? ' (no process here listens to it)' : ''}${err || '; connecting'}`, details };
    case 'fallback':
      return { name: 'mce', status: 'degraded', checkedAt: at, reason: `the socket to MCE is down; agent states come from polling its REST list (last ${ago(s.lastEventAt, now)})${err}`, details };
    case 'live':
      if (s.stale) return { name: 'mce', status: 'unknown', checkedAt: s.writtenAt, reason: `no process here listens to MCE now; the last one was live at ${s.writtenAt}`, details };
      if (s.lastError?.code === 'mce_store') return { name: 'mce', status: 'degraded', checkedAt: at, reason: s.lastError.message, details };
      return { name: 'mce', status: 'healthy', checkedAt: s.lastEventAt ?? at, reason: null, details };
  }
}
