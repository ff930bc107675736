// The enqueue form's fields per operation type, the operation data they make, and the
// engine's validation issues mapped back onto the fields. The rules themselves live in the
// engine (queue.validate): the form only shapes input and shows the verdict where it belongs.
import type { OperationTypeName, ValidationIssue } from '../../../../core/contract/index.ts';

export type FieldKind = 'date' | 'instant' | 'text' | 'number' | 'select' | 'json' | 'agents';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  options?: readonly string[];
}

export const enqueueFields: Record<OperationTypeName, FieldSpec[]> = {
  personnel_sync: [
    { name: 'from', kind: 'date' },
    { name: 'to', kind: 'date' },
  ],
  plan_apply: [{ name: 'planId', kind: 'number' }],
  schedule_upload: [
    { name: 'agentId', kind: 'text' },
    { name: 'period1', kind: 'instant' },
    { name: 'period2', kind: 'instant' },
    { name: 'shift', kind: 'json' },
  ],
  timesheet_request: [
    { name: 'date_start', kind: 'instant' },
    { name: 'date_end', kind: 'instant' },
    { name: 'AR_agents', kind: 'agents' },
  ],
  norm_hours_request: [
    { name: 'startDate', kind: 'date' },
    { name: 'endDate', kind: 'date' },
    { name: 'calculationMode', kind: 'select', options: ['month', 'quarter', 'year'] },
    { name: 'AR_agents', kind: 'json' },
  ],
  fact_worktime_upload: [
    { name: 'agentId', kind: 'text' },
    { name: 'initiator_name', kind: 'text' },
    { name: 'date_start', kind: 'instant' },
    { name: 'loginfo', kind: 'json' },
  ],
};

export type FieldValues = Record<string, string>;

/** Starting values that show the shape of each type: this month, sample arrays to edit. */
export function initialValues(type: OperationTypeName, month: { from: string; to: string }): FieldValues {
  const start = `${month.from}T00:00:00Z`;
  const end = `${month.to}T00:00:00Z`;
  switch (type) {
    case 'personnel_sync':
      return { from: month.from, to: month.to };
    case 'plan_apply':
      return { planId: '' };
    case 'schedule_upload':
      return {
        agentId: '',
        period1: start,
        period2: end,
        shift: JSON.stringify([{ date_start: `${month.from}T09:00:00Z`, daily_hours: 28_800_000, night_hours: 0 }], null, 2),
      };
    case 'timesheet_request':
      return { date_start: start, date_end: end, AR_agents: '' };
    case 'norm_hours_request':
      return {
        startDate: month.from,
        endDate: month.to,
        calculationMode: 'month',
        AR_agents: JSON.stringify([{ agentId: '', AR_norms: [{ normWeek: 40, changeDate: month.from }] }], null, 2),
      };
    case 'fact_worktime_upload':
      return { agentId: '', initiator_name: '', date_start: start, loginfo: JSON.stringify([{ start, time: 900_000 }], null, 2) };
  }
}

/** Problems found before asking the engine (the text cannot even become data). */
export type LocalProblem = 'invalidJson' | 'notANumber';

export interface BuiltData {
  data: Record<string, unknown>;
  problems: Record<string, LocalProblem>;
}

/** Operation data from the form: blank fields are left out, so the engine says "required". */
export function buildData(type: OperationTypeName, values: FieldValues): BuiltData {
  const data: Record<string, unknown> = {};
  const problems: Record<string, LocalProblem> = {};
  for (const f of enqueueFields[type]) {
    const raw = (values[f.name] ?? '').trim();
    if (raw === '') continue;
    switch (f.kind) {
      case 'number': {
        const n = Number(raw);
        if (!Number.isFinite(n)) problems[f.name] = 'notANumber';
        else data[f.name] = n;
        break;
      }
      case 'json':
        try {
          data[f.name] = JSON.parse(raw);
        } catch {
          problems[f.name] = 'invalidJson';
        }
        break;
      case 'agents':
        data[f.name] = raw
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((agentId) => ({ agentId }));
        break;
      default:
        data[f.name] = raw;
    }
  }
  return { data, problems };
}

export interface PlacedIssues {
  /** Messages per field name. */
  byField: Record<string, string[]>;
  /** Issues about the data as a whole or a field the form does not show. */
  general: string[];
}

/** Puts each engine issue under its field: 'AR_agents.0.agentId' goes to AR_agents as "0.agentId: …". */
export function placeIssues(type: OperationTypeName, issues: readonly ValidationIssue[], localize: (message: string) => string = (m) => m): PlacedIssues {
  const names = new Set(enqueueFields[type].map((f) => f.name));
  const out: PlacedIssues = { byField: {}, general: [] };
  for (const i of issues) {
    const [head = '', ...rest] = i.path ? i.path.split('.') : [];
    const message = localize(i.message);
    if (head && names.has(head)) {
      const text = rest.length > 0 ? `${rest.join('.')}: ${message}` : message;
      (out.byField[head] ??= []).push(text);
    } else {
      out.general.push(i.path ? `${i.path}: ${message}` : message);
    }
  }
  return out;
}

/** The engine's fixed messages (core/queue/operation-types.ts), for the operator's language. */
const knownMessages: Record<string, string> = {
  required: 'required',
  'expected a date YYYY-MM-DD': 'date',
  'expected an ISO 8601 date-time, e.g. 2019-02-01T00:00:00Z': 'instant',
  'must not be empty': 'empty',
  'at least one agent': 'oneAgent',
  'at least one norm': 'oneNorm',
  'at least one period': 'onePeriod',
};

/** An i18n key (under queue.enqueue.issue) and its values for a known engine message, else null. */
export function issueKey(message: string): { key: string; values?: Record<string, string> } | null {
  const known = knownMessages[message];
  if (known) return { key: known };
  const order = /^(\w+) must not be after (\w+)$/.exec(message);
  if (order) return { key: 'order', values: { a: order[1]!, b: order[2]! } };
  return null;
}
