/**
 * The queue handler of schedule_upload: sends one employee's schedule
 * (operation_data is the sendSchedule body as sent) and records 1C's answer
 * per employee and month: accepted with its message, refused (result false or
 * a refusing 500) with its message verbatim, or failed (retried by the queue
 * while retries are left).
 */
import { isGatewayError } from '../errors.ts';
import type { OnecClientSource } from '../queue/handlers/onec-handlers.ts';
import type { OperationHandler } from '../queue/processor.ts';
import type { Clock } from '../time/clock.ts';
import type { Db } from '../db/open.ts';
import { recordOutcome, type Outcome } from './upload-state.ts';

/** 1C's own words in an error (a refusal's message, a 5xx body), else null. */
export function onecMessage(e: unknown): string | null {
  if (!isGatewayError(e)) return null;
  const d = e.details ?? {};
  const said = typeof d.message === 'string' ? d.message : typeof d.body === 'string' ? d.body : null;
  return said !== null && said.trim() !== '' ? said : null;
}

function statusOf(e: unknown): number | null {
  const s = isGatewayError(e) ? e.details?.status : undefined;
  return typeof s === 'number' ? s : null;
}

export function scheduleUploadRecordingHandler(onec: OnecClientSource, db: Db, clock: Clock): OperationHandler<'schedule_upload'> {
  return async (op, ctx) => {
    const d = op.data;
    let outcome: Outcome;
    try {
      const r = await onec.current().sendSchedule(
        { agentId: d.agentId, period1: d.period1, period2: d.period2, shifts: d.shift.map((s) => ({ start: s.date_start, dayMs: s.daily_hours, nightMs: s.night_hours })) },
        { signal: ctx.signal },
      );
      outcome = { state: 'sent', message: r.message, messageFrom: r.message === null ? null : 'onec', httpStatus: r.status };
      recordOutcome(db, op.id, outcome, clock.now());
      return { message: r.message, requestId: r.requestId, status: r.status };
    } catch (e) {
      const said = onecMessage(e);
      const kind = isGatewayError(e) ? e.kind : 'retryable';
      const refused = isGatewayError(e) && e.code === 'onec_rejected';
      const retried = !refused && (kind === 'retryable' || kind === 'unknown_outcome') && op.retryCount < op.maxRetries;
      outcome = {
        state: refused ? 'rejected' : retried ? 'retrying' : 'failed',
        message: said ?? (refused ? '1C answered result false without a message' : e instanceof Error ? e.message : String(e)),
        messageFrom: said !== null ? 'onec' : 'gateway',
        httpStatus: statusOf(e),
      };
      // The queue records the failure itself; the months carry 1C's words. A store fault here must not hide the call's error.
      try {
        recordOutcome(db, op.id, outcome, clock.now());
      } catch {
        /* the operation's own record still says what happened */
      }
      throw e;
    }
  };
}
