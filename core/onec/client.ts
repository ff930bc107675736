/**
 * The 1C:ZUP client (PROTOCOLS.md §1). One instance per endpoint; it keeps a
 * small keep-alive pool, so reuse it and close() it when the endpoint changes.
 *
 *   const onec = createOnecClient({ baseUrl, username, password });
 *   const { agents, departments, invalid, requestId } = await onec.getAgents('2026-01-01', '2026-01-31');
 *
 * Every failure is an OnecError (errors.ts) with a kind the queue acts on.
 * Requests are validated before anything is sent (onec_invalid_request);
 * responses are validated row by row, bad rows kept in `invalid` with reasons.
 */
import { ZodError, type z } from 'zod';
import { parseAgentsBuffer } from './agents-buffer.ts';
import { describeIssues, describeShape, parseAgentsBody, type AgentsResponse } from './agents-schema.ts';
import { cleanLine } from '../text/clean.ts';
import { createCaller, invalidRequest, shapeError, type CallResponse, type OnecClientOptions } from './caller.ts';
import { periodProblem } from './dates.ts';
import { OnecError } from './errors.ts';
import { factWorkTimeRequestSchema, factWorkTimeWire, type FactWorkTimeRequest } from './fact-work-time-schema.ts';
import { normHoursRequestSchema, normHoursWire, parseNormHoursBody, type NormHoursRequest, type NormHoursResponse } from './norm-hours-schema.ts';
import { scheduleRequestSchema, scheduleWire, type ScheduleRequest } from './schedule-schema.ts';
import { businessMessage, isRefusal, resultFlag, ShapeError } from './shape.ts';
import { parseTimesheetBody, timesheetRequestSchema, timesheetWire, type TimesheetRequest, type TimesheetResponse } from './timetype-schema.ts';

export type { OnecClientOptions, OnecCallRecord } from './caller.ts';
export type { NormHoursRequest, ScheduleRequest, TimesheetRequest, FactWorkTimeRequest };

/** What every call returns besides its data. */
export interface CallMeta {
  /** The X-Request-ID sent, to find the call in 1C's log. */
  requestId: string;
  durationMs: number;
  /** Response body bytes. */
  bytes: number;
  status: number;
}

export type AgentsResult = AgentsResponse & CallMeta;
export type NormHoursResult = NormHoursResponse & CallMeta;
export type TimesheetResult = TimesheetResponse & CallMeta;
export interface SendScheduleResult extends CallMeta {
  /** 1C's message, e.g. how many monthly documents it created; null when it said nothing. */
  message: string | null;
}
export interface FactWorkTimeResult extends CallMeta {
  /** The name of the document 1C created. */
  doc: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface OnecClient {
  /** `GET /agents/{from}/{to}`: departments, employees and their vacation balances; bad records come back in `invalid`. */
  getAgents(from: string, to: string, opts?: CallOptions): Promise<AgentsResult>;
  /** `POST /getNormHours`: hours norm per agent per month/quarter/year. */
  getNormHours(req: NormHoursRequest, opts?: CallOptions): Promise<NormHoursResult>;
  /** `POST /sendSchedule`: one employee's schedule; result false → permanent OnecError with 1C's message. Idempotent. */
  sendSchedule(req: ScheduleRequest, opts?: CallOptions): Promise<SendScheduleResult>;
  /** `POST /getTimetypeInfo`: the timesheet; unknown time-type codes are kept (known: false). */
  getTimetypeInfo(req: TimesheetRequest, opts?: CallOptions): Promise<TimesheetResult>;
  /**
   * `POST /sendFactWorkTime`: NOT idempotent. A failure after the body was sent
   * (timeout, reset, cut body) has kind unknown_outcome: do not retry on your own.
   */
  sendFactWorkTime(req: FactWorkTimeRequest, opts?: CallOptions): Promise<FactWorkTimeResult>;
  close(): Promise<void>;
}

function validRequest<S extends z.ZodType>(method: string, schema: S, req: unknown): z.output<S> {
  const r = schema.safeParse(req);
  if (!r.success) throw invalidRequest(method, describeIssues(r.error).join('; '));
  return r.data;
}

/** 1C processed the call and said no: permanent, its message verbatim. */
function refusal(res: CallResponse, fallback: string): OnecError {
  const said = businessMessage(res.value);
  return new OnecError('onec_rejected', `${res.ctx.method}: 1C refused: ${said ? `"${said}"` : fallback} (request ${res.ctx.requestId})`, 'permanent', res.ctx, {
    message: said,
  });
}

/** Runs a parser that throws ShapeError/ZodError for a wrong envelope, as a "response shape is wrong" OnecError. */
function shaped<T>(res: CallResponse, parse: (v: unknown) => T): T {
  try {
    return parse(res.value);
  } catch (e) {
    if (e instanceof ShapeError) throw shapeError(res, e.message);
    // The JSON path that broke the schema, and our own words: never the values in it.
    if (e instanceof ZodError) throw shapeError(res, e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    throw e;
  }
}

export function createOnecClient(opts: OnecClientOptions): OnecClient {
  const caller = createCaller(opts);

  /** For the array-returning methods: an object with result false instead of rows is a refusal. */
  const rowsOrRefusal = <T>(res: CallResponse, parse: (v: unknown) => T): T => {
    if (isRefusal(res.value)) throw refusal(res, 'result false');
    return shaped(res, parse);
  };

  /** For the {result, …} methods: the flag, tolerated as boolean or text. */
  const flag = (res: CallResponse): boolean => {
    const v = res.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw shapeError(res, `expected an object with "result", got ${describeShape(v)}`);
    const r = (v as Record<string, unknown>).result;
    const f = resultFlag(r);
    if (f === null) throw shapeError(res, `result must be true or false, got ${r === undefined ? 'nothing' : describeShape(r)}`);
    return f;
  };

  return {
    async getAgents(from, to, callOpts) {
      const method = 'GET /agents';
      const problem = periodProblem(from, to);
      if (problem) throw invalidRequest(method, problem);
      const { result, ...meta } = await caller.run(
        { name: method, httpMethod: 'GET', path: `/agents/${from}/${to}`, idempotent: true, signal: callOpts?.signal },
        // The documented envelope is read from the bytes a batch at a time; anything else as a whole.
        (res) => parseAgentsBuffer(res.raw.body) ?? shaped(res, parseAgentsBody),
      );
      return { ...result, ...meta };
    },

    async getNormHours(req, callOpts) {
      const method = 'POST /getNormHours';
      const body = normHoursWire(validRequest(method, normHoursRequestSchema, req));
      const { result, ...meta } = await caller.run(
        { name: method, httpMethod: 'POST', path: '/getNormHours', body, idempotent: true, signal: callOpts?.signal },
        (res) => rowsOrRefusal(res, parseNormHoursBody),
      );
      return { ...result, ...meta };
    },

    async sendSchedule(req, callOpts) {
      const method = 'POST /sendSchedule';
      const body = scheduleWire(validRequest(method, scheduleRequestSchema, req));
      const { result, ...meta } = await caller.run(
        { name: method, httpMethod: 'POST', path: '/sendSchedule', body, idempotent: true, signal: callOpts?.signal },
        (res) => {
          if (!flag(res)) throw refusal(res, 'result false without a message');
          return businessMessage(res.value);
        },
      );
      return { message: result, ...meta };
    },

    async getTimetypeInfo(req, callOpts) {
      const method = 'POST /getTimetypeInfo';
      const body = timesheetWire(validRequest(method, timesheetRequestSchema, req));
      const { result, ...meta } = await caller.run(
        { name: method, httpMethod: 'POST', path: '/getTimetypeInfo', body, idempotent: true, signal: callOpts?.signal },
        (res) => rowsOrRefusal(res, parseTimesheetBody),
      );
      return { ...result, ...meta };
    },

    async sendFactWorkTime(req, callOpts) {
      const method = 'POST /sendFactWorkTime';
      const body = factWorkTimeWire(validRequest(method, factWorkTimeRequestSchema, req));
      const { result, ...meta } = await caller.run(
        { name: method, httpMethod: 'POST', path: '/sendFactWorkTime', body, idempotent: false, signal: callOpts?.signal },
        (res) => {
          if (!flag(res)) throw refusal(res, 'result false, no document created');
          const doc = (res.value as Record<string, unknown>).doc;
          const name = typeof doc === 'string' ? cleanLine(doc).trim() : '';
          if (name === '') {
            const what = doc === undefined ? 'missing' : typeof doc === 'string' ? (doc.trim() === '' ? 'empty' : `${describeShape(doc)} with nothing printable`) : describeShape(doc);
            throw shapeError(res, `result is true but doc is ${what}; check in 1C whether the document was created`);
          }
          return name;
        },
      );
      return { doc: result, ...meta };
    },

    close: () => caller.close(),
  };
}
