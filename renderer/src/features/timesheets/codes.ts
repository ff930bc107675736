// Timesheet letter codes (PROTOCOLS.md §1.4, the T-13 form) by family: each family has a colour,
// and the code is always written on it, so colour is never the only signal. A code the gateway
// does not know is shown as it came, in a neutral colour.
import type { ContradictionKind, TimesheetEntry } from '../../../../core/contract/index.ts';

export type CodeFamily = 'work' | 'night' | 'dayoff' | 'leave' | 'sick' | 'absence' | 'other' | 'unknown';

export const familyOrder: CodeFamily[] = ['work', 'night', 'dayoff', 'leave', 'sick', 'absence', 'other', 'unknown'];

const FAMILY: Record<string, CodeFamily> = {
  Я: 'work',
  РВ: 'work',
  С: 'work',
  Н: 'night',
  В: 'dayoff',
  ОТ: 'leave',
  ОД: 'leave',
  У: 'leave',
  УД: 'leave',
  Р: 'leave',
  ОЖ: 'leave',
  ДО: 'leave',
  Б: 'sick',
  Т: 'sick',
  НН: 'absence',
  ПР: 'absence',
  НВ: 'absence',
  НБ: 'absence',
  НО: 'absence',
  Г: 'other',
  ПК: 'other',
  РП: 'other',
};

/** Codes of each family, for the legend. */
export const familyCodes: Record<CodeFamily, string[]> = familyOrder.reduce(
  (acc, f) => ({ ...acc, [f]: Object.keys(FAMILY).filter((c) => FAMILY[c] === f) }),
  {} as Record<CodeFamily, string[]>,
);

/** The family of a code as 1C sent it; `known` is the gateway's word on whether it knows the code. */
export function familyOf(code: string, known: boolean): CodeFamily {
  if (!known) return 'unknown';
  return FAMILY[code] ?? 'other';
}

/** "Я 11", "С 2,75", "В": the code, and its hours when it has any. */
export function entryText(e: Pick<TimesheetEntry, 'code' | 'hours'>, formatHours: (h: number) => string): string {
  return e.hours > 0 ? `${e.code} ${formatHours(e.hours)}` : e.code;
}

/** A mark written in a contradicting cell beside its colour. */
export const contradictionMark: Record<ContradictionKind, string> = {
  worked_without_shift: '+',
  shift_not_worked: '−',
  absent_on_shift: '!',
  hours_differ: '≠',
};
