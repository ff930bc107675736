// A time filter as screens offer it: a preset ("last 24 h") or a custom range typed as wall
// time in the display zone. One reading for every screen that filters by time (Queue, Audit).
import { zonedLocalToInstant } from './zoned.ts';

export const timePresets = ['any', '1h', '24h', '7d', '30d', 'custom'] as const;
export type TimePreset = (typeof timePresets)[number];

const presetMs: Record<Exclude<TimePreset, 'any' | 'custom'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** Why a custom range was left out, for the operator to fix. */
export type TimeRangeProblem = 'customRangeOrder' | 'customRangeInvalid';

/**
 * The instants a time filter stands for. `now` fixes a preset's start when the filter is
 * chosen (not on every render); `zone` reads the custom range ("YYYY-MM-DDTHH:MM", either end
 * may be blank). A bad custom range yields no bounds and the problem.
 */
export function resolveTimeRange(
  time: TimePreset,
  customFrom: string,
  customTo: string,
  now: number,
  zone: string,
): { from?: string; to?: string; problem: TimeRangeProblem | null } {
  if (time === 'any') return { problem: null };
  if (time !== 'custom') return { from: new Date(now - presetMs[time]).toISOString(), problem: null };
  const from = customFrom ? zonedLocalToInstant(customFrom, zone) : undefined;
  const to = customTo ? zonedLocalToInstant(customTo, zone) : undefined;
  if (from === null || to === null) return { problem: 'customRangeInvalid' };
  if (from && to && Date.parse(from) >= Date.parse(to)) return { problem: 'customRangeOrder' };
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), problem: null };
}
