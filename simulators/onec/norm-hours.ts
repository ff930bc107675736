/**
 * `POST /getNormHours` (PROTOCOLS.md §1.2): normWeek / 5 × working days of the
 * five-day week, an hour less per pre-holiday day; the rate is not applied.
 * One row per agent per month/quarter/year, clipped to hire and termination.
 */
import { z } from 'zod';
import { addDays, addMonths, isDate } from './dates.ts';
import { failure, isReply, json, parseRequest, refusal, type Reply } from './reply.ts';
import type { World } from './world.ts';

const date = z.string().refine(isDate, 'ожидается дата ГГГГ-ММ-ДД');
const requestSchema = z.object({
  startDate: date,
  endDate: date,
  calculationMode: z.enum(['month', 'quarter', 'year']),
  AR_agents: z.array(
    z.object({
      agentId: z.string().min(1),
      AR_norms: z.array(z.object({ normWeek: z.number().positive(), changeDate: z.string().refine((s) => isDate(s.slice(0, 10)), 'ожидается дата') })).min(1),
    }),
  ),
});

/** The periods of a mode that cover from..to, each clipped to it. */
function periods(from: string, to: string, mode: 'month' | 'quarter' | 'year'): Array<[string, string]> {
  const months = mode === 'month' ? 1 : mode === 'quarter' ? 3 : 12;
  const out: Array<[string, string]> = [];
  const y = Number(from.slice(0, 4));
  const m0 = Number(from.slice(5, 7)) - 1;
  let start = `${y}-${String(Math.floor(m0 / months) * months + 1).padStart(2, '0')}-01`;
  while (start <= to) {
    const next = addMonths(start, months);
    const end = addDays(next, -1);
    out.push([start < from ? from : start, end > to ? to : end]);
    start = next;
  }
  return out;
}

export function getNormHours(world: World, body: string): Reply {
  const req = parseRequest(body, (v) => requestSchema.safeParse(v));
  if (isReply(req)) return req;
  if (req.startDate > req.endDate) return failure(`Некорректный период: ${req.startDate} позже ${req.endDate}`);
  for (let y = Number(req.startDate.slice(0, 4)); y <= Number(req.endDate.slice(0, 4)); y++) {
    if (!world.calendar.has(y)) return refusal(`Не заполнен производственный календарь на ${y} год`);
  }
  const rows: unknown[] = [];
  for (const ra of req.AR_agents) {
    const a = world.agent(ra.agentId);
    if (!a) continue; // 1C sends nothing for an employee it does not know
    const norms = ra.AR_norms.map((n) => ({ normWeek: n.normWeek, from: n.changeDate.slice(0, 10) })).sort((x, y) => (x.from < y.from ? -1 : 1));
    const normOn = (d: string) => {
      let nw = norms[0]!.normWeek; // before the first change: the first norm known
      for (const n of norms) if (n.from <= d) nw = n.normWeek;
      return nw;
    };
    for (const [ps, pe] of periods(req.startDate, req.endDate, req.calculationMode)) {
      const s = ps < a.startwork ? a.startwork : ps;
      const e = a.finishwork !== null && a.finishwork < pe ? a.finishwork : pe;
      if (s > e) continue;
      let hours = 0;
      for (let d = s; d <= e; d = addDays(d, 1)) hours += world.calendar.hours(d, normOn(d)) ?? 0;
      hours = Math.round(hours * 100) / 100;
      rows.push({
        agentId: a.agentId,
        // Some 1C installations print decimals with a comma: the client must tolerate it.
        normHours: a.rateText && !Number.isInteger(hours) ? String(hours).replace('.', ',') : hours,
        startDate: `${s}T00:00:00`,
        endDate: `${e}T00:00:00`,
      });
    }
  }
  return json(200, rows);
}
