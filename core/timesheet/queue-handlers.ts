/**
 * Queue handlers of timesheet_request and norm_hours_request that keep what
 * 1C answered: the operation calls 1C with its body (operation_data, as sent)
 * and stores the answer per employee and day (or per period), replacing what
 * was stored for those agents and that period. The operation's result is a
 * summary: the data lives in its tables, not in the queue's 30-day records.
 */
import type { Db } from '../db/open.ts';
import type { OnecClientSource } from '../queue/handlers/onec-handlers.ts';
import type { OperationHandler } from '../queue/processor.ts';
import { zoneOf } from '../schedule/employees.ts';
import type { Clock } from '../time/clock.ts';
import { agentsToReplace, storeNorms, storeTimesheet } from './store.ts';

/** Each agent's zone from the directory (its site), the default for unknown ones. */
export function zonesOf(db: Db, ids: readonly string[], defaultZone: string): (id: string) => string {
  const m = new Map<string, string>();
  for (const [id, area] of db.prepare('SELECT external_id, area FROM employees WHERE external_id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ids)) as [string, string | null][]) {
    m.set(id, zoneOf(area, defaultZone).zone);
  }
  return (id) => m.get(id) ?? defaultZone;
}

export function timesheetRecordingHandler(onec: OnecClientSource, db: Db, clock: Clock, defaultZone: () => string): OperationHandler<'timesheet_request'> {
  return async (op, ctx) => {
    const d = op.data;
    const from = d.date_start.slice(0, 10);
    const to = d.date_end.slice(0, 10);
    const agentIds = d.AR_agents.map((a) => a.agentId);
    const r = await onec.current().getTimetypeInfo({ dateStart: from, dateEnd: to, agentIds }, { signal: ctx.signal });
    const replaced = agentsToReplace(agentIds, r.agents.map((a) => a.agentId), r.invalid);
    const stored = storeTimesheet(db, { from, to, agentIds: replaced }, r.agents, zonesOf(db, agentIds, defaultZone()), { now: clock.now(), operationId: op.id });
    return { from, to, agents: stored.agents, days: stored.days, badDates: stored.badDates, invalid: r.invalid, requestId: r.requestId };
  };
}

export function normsRecordingHandler(onec: OnecClientSource, db: Db, clock: Clock): OperationHandler<'norm_hours_request'> {
  return async (op, ctx) => {
    const d = op.data;
    const agentIds = d.AR_agents.map((a) => a.agentId);
    const r = await onec.current().getNormHours(
      {
        startDate: d.startDate,
        endDate: d.endDate,
        calculationMode: d.calculationMode,
        agents: d.AR_agents.map((a) => ({ agentId: a.agentId, norms: a.AR_norms.map((n) => ({ normWeek: n.normWeek, changeDate: n.changeDate })) })),
      },
      { signal: ctx.signal },
    );
    const replace = agentsToReplace(agentIds, r.rows.map((x) => x.agentId), r.invalid);
    const rows = storeNorms(db, { startDate: d.startDate, endDate: d.endDate, mode: d.calculationMode, agentIds, replace }, r.rows, { now: clock.now(), operationId: op.id });
    return { rows, invalid: r.invalid, requestId: r.requestId };
  };
}
