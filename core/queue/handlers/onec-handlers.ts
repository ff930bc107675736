/**
 * Handlers of the 1C operation types. operation_data holds the 1C wire body
 * (what the console shows and what was sent); the client takes its own typed
 * request, so each handler only renames fields.
 */
import type { OperationHandler } from '../processor.ts';
import type { OnecClient } from '../../onec/client.ts';

/** Whatever gives the current 1C client (the connector follows config changes). */
export interface OnecClientSource {
  current(): OnecClient;
}

/** Date part of an ISO instant or date: the client's timesheet request takes civil dates. */
const day = (s: string) => s.slice(0, 10);

export function scheduleUploadHandler(onec: OnecClientSource): OperationHandler<'schedule_upload'> {
  return async (op, ctx) => {
    const d = op.data;
    const r = await onec.current().sendSchedule({
      agentId: d.agentId,
      period1: d.period1,
      period2: d.period2,
      shifts: d.shift.map((s) => ({ start: s.date_start, dayMs: s.daily_hours, nightMs: s.night_hours })),
    }, { signal: ctx.signal });
    return { message: r.message, requestId: r.requestId, status: r.status };
  };
}

export function timesheetRequestHandler(onec: OnecClientSource): OperationHandler<'timesheet_request'> {
  return async (op, ctx) => {
    const d = op.data;
    const r = await onec.current().getTimetypeInfo({ dateStart: day(d.date_start), dateEnd: day(d.date_end), agentIds: d.AR_agents.map((a) => a.agentId) }, { signal: ctx.signal });
    return { agents: r.agents, invalid: r.invalid, requestId: r.requestId };
  };
}

export function normHoursRequestHandler(onec: OnecClientSource): OperationHandler<'norm_hours_request'> {
  return async (op, ctx) => {
    const d = op.data;
    const r = await onec.current().getNormHours({
      startDate: d.startDate,
      endDate: d.endDate,
      calculationMode: d.calculationMode,
      agents: d.AR_agents.map((a) => ({ agentId: a.agentId, norms: a.AR_norms.map((n) => ({ normWeek: n.normWeek, changeDate: n.changeDate })) })),
    }, { signal: ctx.signal });
    return { rows: r.rows, invalid: r.invalid, requestId: r.requestId };
  };
}

export function factWorktimeUploadHandler(onec: OnecClientSource): OperationHandler<'fact_worktime_upload'> {
  return async (op, ctx) => {
    const d = op.data;
    const r = await onec.current().sendFactWorkTime({
      agentId: d.agentId,
      initiatorName: d.initiator_name,
      dateStart: d.date_start,
      loginfo: d.loginfo.map((l) => ({ start: l.start, timeMs: l.time })),
    }, { signal: ctx.signal });
    return { doc: r.doc, requestId: r.requestId };
  };
}
