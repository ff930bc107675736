/**
 * `POST /sendFactWorkTime` (PROTOCOLS.md §1.5): 1C compares the time in the
 * system with the plan of that day and decides the time type: plan 0 + work by
 * day → РВ, plan 0 + work at night → РВН (work at night on a day off), fact
 * short of the plan → НН for the missing hours, fact above the plan → С for the
 * excess. Every accepted call creates a new document: NOT idempotent.
 */
import { z } from 'zod';
import { failure, isReply, json, parseRequest, type Reply } from './reply.ts';
import { localTime, ruDate, type World } from './world.ts';

const requestSchema = z.object({
  agentId: z.string().min(1),
  initiator_name: z.string().min(1),
  date_start: z.string().min(1),
  loginfo: z.array(z.object({ start: z.string().min(1), time: z.number().int().positive().max(900_000) })).max(24 * 4 * 2),
});

const TITLES: Record<string, string> = {
  РВ: 'Работа в выходные и праздничные дни',
  РВН: 'Работа в выходные и праздничные дни (ночные часы)',
  С: 'Работа сверхурочно',
  НН: 'Неявка по невыясненным причинам',
};

const isNight = (minute: number) => minute >= 22 * 60 || minute < 6 * 60;

export function sendFactWorkTime(world: World, body: string): Reply {
  const req = parseRequest(body, (v) => requestSchema.safeParse(v));
  if (isReply(req)) return req;
  const a = world.agent(req.agentId);
  if (!a) return json(200, { result: false, doc: null });
  const day = localTime(req.date_start, a.area);
  if (!day) return failure(`Некорректная дата: "${req.date_start}"`);
  let fact = 0;
  let night = 0;
  for (const l of req.loginfo) {
    const t = localTime(l.start, a.area);
    if (!t) return failure(`Некорректное время: "${l.start}"`);
    fact += l.time / 3_600_000;
    if (isNight(t.minute)) night += l.time / 3_600_000;
  }
  const p = world.plannedHours(a, day.date);
  const plan = p.day + p.night;
  let timetype: string;
  let hours: number;
  if (plan === 0 && fact > 0) {
    timetype = night > fact / 2 ? 'РВН' : 'РВ';
    hours = fact;
  } else if (fact < plan) {
    timetype = 'НН';
    hours = plan - fact;
  } else if (fact > plan) {
    timetype = 'С';
    hours = fact - plan;
  } else {
    return json(200, { result: false, doc: null, message: `Фактическое время ${ruDate(day.date)} совпадает с графиком: документ не создан` });
  }
  const number = `0000-${String(world.factDocs.length + 1).padStart(6, '0')}`;
  const doc = `${TITLES[timetype]} ${number} от ${ruDate(day.date)}`;
  world.factDocs.push({ doc, agentId: a.agentId, initiator: req.initiator_name, date: day.date, timetype, hours: Math.round(hours * 100) / 100 });
  return json(200, { result: true, doc });
}
