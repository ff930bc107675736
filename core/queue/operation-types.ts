/**
 * The operation types the queue accepts, the shape of each one's
 * operation_data (validated at enqueue), the external system it calls (for the
 * circuit breaker) and whether repeating it is safe.
 *
 * The 1C types carry the request body of their method (PROTOCOLS.md §1.2–1.5)
 * as is, so the handler passes it through and the console shows exactly what
 * was sent.
 */
import { z } from 'zod';
import type { OperationTypeName } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';

const required = (expected: string) => (iss: { input: unknown }) => (iss.input === undefined ? 'required' : expected);
const date = z.iso.date({ error: required('expected a date YYYY-MM-DD') });
/** 1C accepts UTC, an offset or local time (PROTOCOLS.md §1.3). */
const instant = z.iso.datetime({ offset: true, local: true, error: required('expected an ISO 8601 date-time, e.g. 2019-02-01T00:00:00Z') });
const id = z.string().trim().min(1, 'must not be empty');
const DAY_MS = 86_400_000;

/** A refinement: field `a` is not after field `b`, reported on `b`. */
function periodOrdered<T extends object>(a: keyof T & string, b: keyof T & string): [(v: T) => boolean, { message: string; path: string[] }] {
  return [
    // NaN (a field already reported as malformed) never compares greater: one message per fault
    (v: T) => !(Date.parse(String(v[a])) > Date.parse(String(v[b]))),
    { message: `${a} must not be after ${b}`, path: [b] },
  ];
}

export const personnelSyncData = z
  .strictObject({ from: date, to: date })
  .refine(...periodOrdered<{ from: string; to: string }>('from', 'to'));

export const planApplyData = z.strictObject({ planId: z.number().int().positive() });

export const scheduleUploadData = z
  .strictObject({
    agentId: id,
    period1: instant,
    period2: instant,
    shift: z.array(
      z.strictObject({
        date_start: instant,
        daily_hours: z.number().int().min(0).max(DAY_MS, 'daily_hours is milliseconds and at most one day'),
        night_hours: z.number().int().min(0).max(DAY_MS, 'night_hours is milliseconds and at most one day'),
      }),
    ),
  })
  .refine(...periodOrdered<{ period1: string; period2: string }>('period1', 'period2'));

export const timesheetRequestData = z
  .strictObject({
    date_start: instant,
    date_end: instant,
    AR_agents: z.array(z.strictObject({ agentId: id })).min(1, 'at least one agent'),
  })
  .refine(...periodOrdered<{ date_start: string; date_end: string }>('date_start', 'date_end'));

export const normHoursRequestData = z
  .strictObject({
    startDate: date,
    endDate: date,
    calculationMode: z.enum(['month', 'quarter', 'year']),
    AR_agents: z
      .array(
        z.strictObject({
          agentId: id,
          AR_norms: z.array(z.strictObject({ normWeek: z.number().positive().max(60, 'normWeek is at most 60 hours'), changeDate: date })).min(1, 'at least one norm'),
        }),
      )
      .min(1, 'at least one agent'),
  })
  .refine(...periodOrdered<{ startDate: string; endDate: string }>('startDate', 'endDate'));

export const factWorktimeUploadData = z.strictObject({
  agentId: id,
  initiator_name: id,
  date_start: instant,
  /** Time in the system in pieces of up to 15 minutes; empty when the employee did not work at all. */
  loginfo: z.array(z.strictObject({ start: instant, time: z.number().int().positive().max(900_000, 'time is milliseconds, at most 15 minutes (900000)') })),
});

export interface OperationTypeInfo<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The external system called: its circuit breaker gates the operation. Null: local work only. */
  system: 'onec' | null;
  /** The endpoint shown to operators; `{field}` is filled from operation_data. */
  apiEndpoint: string | null;
  /**
   * Safe to repeat? A non-idempotent operation whose outcome is unknown (timeout
   * after sending, a crash mid-request) is failed for a person to decide, never retried.
   */
  idempotent: boolean;
  description: string;
}

export const operationTypes = {
  personnel_sync: {
    schema: personnelSyncData,
    system: 'onec',
    apiEndpoint: 'GET /agents/{from}/{to}',
    idempotent: true,
    description: 'read personnel from 1C and build a sync plan for approval',
  },
  plan_apply: {
    schema: planApplyData,
    system: null,
    apiEndpoint: null,
    idempotent: true, // apply is resumable and refuses an already applied plan
    description: 'apply an approved personnel sync plan to the WFM directory',
  },
  schedule_upload: {
    schema: scheduleUploadData,
    system: 'onec',
    apiEndpoint: 'POST /sendSchedule',
    idempotent: true, // re-sending a month replaces the schedule
    description: "send one employee's work schedule to 1C",
  },
  timesheet_request: {
    schema: timesheetRequestData,
    system: 'onec',
    apiEndpoint: 'POST /getTimetypeInfo',
    idempotent: true,
    description: 'read timesheets from 1C',
  },
  norm_hours_request: {
    schema: normHoursRequestData,
    system: 'onec',
    apiEndpoint: 'POST /getNormHours',
    idempotent: true,
    description: 'read hours norms by the production calendar from 1C',
  },
  fact_worktime_upload: {
    schema: factWorktimeUploadData,
    system: 'onec',
    apiEndpoint: 'POST /sendFactWorkTime',
    idempotent: false, // every accepted call creates a document in 1C
    description: 'send confirmed worked-time deviations to 1C (creates a document: not idempotent)',
  },
} as const satisfies Record<OperationTypeName, OperationTypeInfo>;

/** The contract's list of types: the registry above must describe each one, and no other. */
export type OperationType = OperationTypeName;
export type OperationDataOf<T extends OperationType> = z.infer<(typeof operationTypes)[T]['schema']>;

export const OPERATION_TYPES = Object.keys(operationTypes) as OperationType[];

export const NON_IDEMPOTENT_TYPES: readonly OperationType[] = OPERATION_TYPES.filter((t) => !operationTypes[t].idempotent);

export function isOperationType(t: string): t is OperationType {
  return Object.hasOwn(operationTypes, t);
}

export function operationTypeInfo(t: OperationType): OperationTypeInfo {
  return operationTypes[t];
}

/** Types whose work calls `system`. */
export function typesOfSystem(system: string): OperationType[] {
  return OPERATION_TYPES.filter((t) => operationTypes[t].system === system);
}

/** Refuses an unknown type with the list of known ones. */
export function requireOperationType(t: string): OperationType {
  if (!isOperationType(t)) {
    throw new GatewayError('invalid_operation', `unknown operation type "${t}"; expected one of ${OPERATION_TYPES.join(', ')}`, 'permanent', {
      type: t,
    });
  }
  return t;
}

/**
 * Validates operation_data for its type. The error names the type and every
 * field at fault, e.g. `invalid personnel_sync data: to: expected a date YYYY-MM-DD`.
 */
export function parseOperationData<T extends OperationType>(type: T, data: unknown): OperationDataOf<T>;
export function parseOperationData(type: string, data: unknown): unknown;
export function parseOperationData(type: string, data: unknown): unknown {
  const t = requireOperationType(type);
  // A missing field reads "required" whatever its type.
  const r = operationTypes[t].schema.safeParse(data, { error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? 'required' : undefined) });
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(data)', message: i.message }));
  throw new GatewayError(
    'invalid_operation',
    `invalid ${t} data: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    'permanent',
    { type: t, issues },
  );
}

/** The endpoint of an operation, with its `{field}` placeholders filled. */
export function apiEndpointFor(type: OperationType, data: unknown): string | null {
  const pattern = operationTypes[type].apiEndpoint;
  if (pattern === null) return null;
  return pattern.replace(/\{(\w+)\}/g, (_m, k: string) => String((data as Record<string, unknown>)[k] ?? `{${k}}`));
}
