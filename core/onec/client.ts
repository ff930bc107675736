/**
 * The 1C:ZUP client (PROTOCOLS.md §1). One instance per endpoint; it keeps a
 * small keep-alive pool, so reuse it and close() it when the endpoint changes.
 *
 *   const onec = createOnecClient({ baseUrl, username, password });
 *   const { agents, departments, invalid, requestId } = await onec.getAgents('2026-01-01', '2026-01-31');
 *
 * Every failure is an OnecError (errors.ts) with a kind the queue acts on.
 */
import { ZodError } from 'zod';
import { parseAgentsBody, type AgentsResponse } from './agents-schema.ts';
import { createCaller, invalidRequest, shapeError, type OnecClientOptions } from './caller.ts';
import { periodProblem } from './dates.ts';

export type { OnecClientOptions, OnecCallRecord } from './caller.ts';

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

export interface CallOptions {
  signal?: AbortSignal;
}

export interface OnecClient {
  /** `GET /agents/{from}/{to}`: departments, employees and their vacation balances; bad records come back in `invalid`. */
  getAgents(from: string, to: string, opts?: CallOptions): Promise<AgentsResult>;
  close(): Promise<void>;
}

export function createOnecClient(opts: OnecClientOptions): OnecClient {
  const caller = createCaller(opts);

  return {
    async getAgents(from, to, callOpts) {
      const method = 'GET /agents';
      const problem = periodProblem(from, to);
      if (problem) throw invalidRequest(method, problem);
      const { result, ...meta } = await caller.run(
        { name: method, httpMethod: 'GET', path: `/agents/${from}/${to}`, idempotent: true, signal: callOpts?.signal },
        (res) => {
          try {
            return parseAgentsBody(res.value);
          } catch (e) {
            if (e instanceof ZodError) throw shapeError(res, e.issues.map((i) => i.message).join('; '));
            throw e;
          }
        },
      );
      return { ...result, ...meta };
    },
    close: () => caller.close(),
  };
}
