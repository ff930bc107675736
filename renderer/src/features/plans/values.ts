// How a field value of a diff reads to a person: dates as dates, booleans as words, empty as "empty".
import { formatCivilDate, formatNumber } from '../../components/format.ts';

export type ValueText = { kind: 'empty' } | { kind: 'text'; text: string };

const civil = /^\d{4}-\d{2}-\d{2}$/;

export function valueText(value: unknown, locale: string, yesNo: { yes: string; no: string }): ValueText {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? yesNo.yes : yesNo.no };
  if (typeof value === 'number') return { kind: 'text', text: formatNumber(value, locale) };
  if (typeof value === 'string') return { kind: 'text', text: civil.test(value) ? formatCivilDate(value, locale) : value };
  try {
    return { kind: 'text', text: JSON.stringify(value) };
  } catch {
    return { kind: 'text', text: String(value) };
  }
}
