import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { emit, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import type { ScheduleInfo } from '../../core/contract/index.ts';
import { scheduleInfo, setSchedule } from '../../core/queue/scheduler.ts';
import { ZONE_PRESETS, type ScheduleSettings } from '../../core/queue/schedule-settings.ts';

const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, пн: 1, tue: 2, tuesday: 2, вт: 2, wed: 3, wednesday: 3, ср: 3, thu: 4, thursday: 4, чт: 4,
  fri: 5, friday: 5, пт: 5, sat: 6, saturday: 6, сб: 6, sun: 7, sunday: 7, вс: 7,
};
const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function weekday(v: string): number {
  const n = Number(v);
  if (Number.isInteger(n) && n >= 1 && n <= 7) return n;
  const d = WEEKDAYS[v.trim().toLowerCase()];
  if (d === undefined) throw usageError(`--weekday expects 1 (Monday) to 7 (Sunday) or a name such as sat, got "${v}"`);
  return d;
}

function week(v: string): ScheduleSettings['weekOfMonth'] {
  if (v === 'last') return 'last';
  const n = Number(v);
  if (n === 1 || n === 2 || n === 3 || n === 4) return n;
  throw usageError(`--week expects 1, 2, 3, 4 or last, got "${v}"`);
}

export function describeSchedule(s: ScheduleSettings): string {
  const at = `at ${s.time} ${s.zone}`;
  if (s.frequency === 'daily') return `daily ${at}`;
  if (s.frequency === 'weekly') return `weekly on ${DAY_NAMES[s.weekday]} ${at}`;
  const which = s.weekOfMonth === 'last' ? 'the last' : ['', 'the first', 'the second', 'the third', 'the fourth'][s.weekOfMonth];
  return `monthly on ${which} ${DAY_NAMES[s.weekday]} ${at}`;
}

function infoText(i: ScheduleInfo): string {
  const runs = i.nextRuns.map((r) => `  ${DateTime.fromISO(r, { zone: i.zone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ')}  (${r})`);
  return [
    `personnel sync: ${i.settings.enabled ? describeSchedule(i.settings) : `off (when on: ${describeSchedule(i.settings)})`}`,
    `last run: ${i.lastRunAt ?? 'never'}`,
    ...(runs.length ? ['next runs:', ...runs] : []),
  ].join('\n');
}

export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('the recurring personnel sync from 1C (its plans wait for approval)');

  schedule
    .command('show')
    .description('the settings, the last run and the next five runs')
    .action(async (_o, cmd: Command) => {
      await withGateway(cmd, (gw) => emit(cmd, scheduleInfo(gw.db, gw.clock), infoText));
    });

  schedule
    .command('set')
    .description('change the schedule; options not given keep their value')
    .option('--frequency <f>', 'daily | weekly | monthly')
    .option('--week <n>', 'monthly: 1 | 2 | 3 | 4 | last (the Nth such weekday of the month)')
    .option('--weekday <d>', 'weekly and monthly: 1 (Monday) to 7 (Sunday), or mon … sun')
    .option('--time <HH:MM>', 'time of day in the zone')
    .option('--zone <zone>', `IANA zone or one of ${Object.keys(ZONE_PRESETS).join(', ')}`)
    .option('--enable', 'turn scheduled runs on')
    .option('--disable', 'turn scheduled runs off')
    .option('--by <name>', 'who (audit)')
    .action(async (o: { frequency?: string; week?: string; weekday?: string; time?: string; zone?: string; enable?: boolean; disable?: boolean; by?: string }, cmd: Command) => {
      if (o.enable && o.disable) throw usageError('give --enable or --disable, not both');
      const change: Partial<ScheduleSettings> = {};
      if (o.frequency !== undefined) change.frequency = o.frequency as ScheduleSettings['frequency']; // validated by setSchedule
      if (o.week !== undefined) change.weekOfMonth = week(o.week);
      if (o.weekday !== undefined) change.weekday = weekday(o.weekday);
      if (o.time !== undefined) change.time = o.time;
      if (o.zone !== undefined) change.zone = o.zone;
      if (o.enable) change.enabled = true;
      if (o.disable) change.enabled = false;
      if (Object.keys(change).length === 0) throw usageError('nothing to change: give at least one of --frequency, --week, --weekday, --time, --zone, --enable, --disable');
      await withGateway(cmd, (gw) => emit(cmd, setSchedule(gw.db, change, o.by ?? gw.actor, gw.clock), infoText));
    });
}
