/**
 * The columns of a schedule file, named by its header row. Names are matched
 * without regard to case, spaces, '_' and '-' ("break_minutes", "Break minutes",
 * "breakMinutes"); columns with other names are ignored.
 */
import { cellText, type CellValue } from './cells.ts';

export const SCHEDULE_FIELDS = ['agentId', 'tabN', 'date', 'start', 'end', 'break_minutes', 'break_start', 'type', 'location'] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];

const key = (s: string) => s.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_\-.]+/g, '');

const BY_KEY = new Map<string, ScheduleField>(SCHEDULE_FIELDS.map((f) => [key(f), f]));
// Spellings Argus and people use.
for (const [alias, f] of [
  ['tabnumber', 'tabN'],
  ['employeeid', 'agentId'],
  ['breakmin', 'break_minutes'],
  ['break', 'break_minutes'],
] as const) {
  BY_KEY.set(alias, f);
}

/** Index of each field's column, -1 when absent. */
export type ColumnMap = Record<ScheduleField, number>;

export interface HeaderResult {
  columns: ColumnMap;
  /** What is wrong with the header, for a bad_header issue; null when usable. */
  problem: string | null;
}

export function mapHeader(cells: readonly CellValue[]): HeaderResult {
  const columns = Object.fromEntries(SCHEDULE_FIELDS.map((f) => [f, -1])) as ColumnMap;
  const twice: string[] = [];
  cells.forEach((c, i) => {
    const f = BY_KEY.get(key(cellText(c)));
    if (!f) return;
    if (columns[f] >= 0) twice.push(f);
    else columns[f] = i;
  });
  const names = cells.map((c) => cellText(c)).filter((s) => s !== '');
  const missing = (['date', 'start', 'end'] as const).filter((f) => columns[f] < 0);
  const problems: string[] = [];
  if (columns.agentId < 0 && columns.tabN < 0) problems.push('no agentId (or tabN) column');
  if (missing.length) problems.push(`no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}`);
  if (twice.length) problems.push(`${twice.join(', ')} named twice`);
  if (problems.length === 0) return { columns, problem: null };
  return {
    columns,
    problem: `the header row ${problems.join('; ')}: expected agentId (or tabN), date, start, end and optionally break_minutes, break_start, type, location; found ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'nothing'}`,
  };
}
