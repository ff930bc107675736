/**
 * `POST /getTimetypeInfo` (PROTOCOLS.md §1.4): the timesheet. A day follows the
 * schedule document when sendSchedule wrote one (Я for day hours, Н for night
 * hours, В without a shift), otherwise the production calendar; deterministic
 * leave, sick days, overtime and the odd absence are sprinkled over it, plus the
 * deviations sendFactWorkTime created. Rarely a code the client does not know
 * (НЗ) appears: it must be kept, not dropped.
 */
import { z } from 'zod';
import { addDays, isDate, toDay } from './dates.ts';
import { mix, mulberry32 } from './prng.ts';
import { failure, isReply, json, parseRequest, type Reply } from './reply.ts';
import type { SimAgent } from './roster.ts';
import { utcOfLocalMidnight, type World } from './world.ts';

const dateTime = z.string().refine((s) => isDate(s.slice(0, 10)), 'ожидается дата ГГГГ-ММ-ДДTчч:мм:сс');
const requestSchema = z.object({
  date_start: dateTime,
  date_end: dateTime,
  AR_agents: z.array(z.object({ agentId: z.string().min(1) })),
});

interface Row {
  timetype: string;
  hours: number;
}

/** Whole-day types: hours 0, counted in days in AR_N. */
const WHOLE_DAY = new Set(['В', 'ОТ', 'Б', 'ДО', 'НЗ']);
const WORK = new Set(['Я', 'Н', 'РВ', 'РВН', 'С']);

/** An annual leave of 14 days a year at a date fixed by the seed; sick leave in short runs. */
function absenceOn(world: World, a: SimAgent, date: string): string | null {
  const year = Number(date.slice(0, 4));
  const vr = mulberry32(mix(world.roster.seed, a.seq, year, 0x07));
  const leaveStart = toDay(`${year}-01-01`) + Math.floor(vr() * 340);
  const day = toDay(date);
  if (day >= leaveStart && day < leaveStart + 14) return 'ОТ';
  const month = date.slice(0, 7);
  const sr = mulberry32(mix(world.roster.seed, a.seq, Number(month.replace('-', '')), 0x5c));
  if (sr() < 0.08) {
    const start = 1 + Math.floor(sr() * 25);
    const len = 3 + Math.floor(sr() * 5);
    const dom = Number(date.slice(8, 10));
    if (dom >= start && dom < start + len) return 'Б';
  }
  return null;
}

function dayRows(world: World, a: SimAgent, date: string): Row[] {
  const rng = mulberry32(mix(world.roster.seed, a.seq, toDay(date), 0x71));
  const roll = rng();
  const rows: Row[] = [];
  const absence = absenceOn(world, a, date);
  const doc = world.scheduleMonth(a.agentId, date.slice(0, 7));
  const scheduled = doc && date >= doc.from && date <= doc.to;
  const plan = world.plannedHours(a, date);
  if (absence) rows.push({ timetype: absence, hours: 0 });
  else if (roll < 0.003) rows.push({ timetype: 'НЗ', hours: 0 });
  else if (plan.day + plan.night === 0) {
    if (!scheduled && roll < 0.02) rows.push({ timetype: 'РВ', hours: 8 });
    else rows.push({ timetype: 'В', hours: 0 });
  } else if (roll < 0.013) rows.push({ timetype: 'НН', hours: plan.day + plan.night });
  else {
    if (plan.day > 0) rows.push({ timetype: 'Я', hours: plan.day });
    if (plan.night > 0) rows.push({ timetype: 'Н', hours: plan.night });
    if (roll > 0.96) rows.push({ timetype: 'С', hours: 2.75 });
  }
  for (const d of world.factDocs) if (d.agentId === a.agentId && d.date === date) rows.push({ timetype: d.timetype, hours: d.hours });
  return rows;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function getTimetypeInfo(world: World, body: string): Reply {
  const req = parseRequest(body, (v) => requestSchema.safeParse(v));
  if (isReply(req)) return req;
  const from = req.date_start.slice(0, 10);
  const to = req.date_end.slice(0, 10);
  if (from > to) return failure(`Некорректный период: ${from} позже ${to}`);
  if (toDay(to) - toDay(from) > 366) return failure('Период табеля не может превышать год');
  const out: unknown[] = [];
  for (const { agentId } of req.AR_agents) {
    const a = world.agent(agentId);
    if (!a) continue;
    const AR_date: unknown[] = [];
    const absences = new Map<string, { days: number; hours: number }>();
    const half = [
      { days: 0, hours: 0 },
      { days: 0, hours: 0 },
    ];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (d < a.startwork || (a.finishwork !== null && d > a.finishwork)) continue;
      const rows = dayRows(world, a, d);
      const h = half[Number(d.slice(8, 10)) <= 15 ? 0 : 1]!;
      let worked = false;
      for (const r of rows) {
        // Overtime pieces come with a decimal comma from some 1C installations.
        AR_date.push({ date: utcOfLocalMidnight(d, a.area), timetype: r.timetype, hours: r.timetype === 'С' ? String(r.hours).replace('.', ',') : round2(r.hours) });
        if (WORK.has(r.timetype)) {
          h.hours += r.hours;
          worked = true;
        } else if (r.timetype !== 'В') {
          const x = absences.get(r.timetype) ?? { days: 0, hours: 0 };
          x.days++;
          x.hours += r.hours;
          absences.set(r.timetype, x);
        }
      }
      if (worked) h.days++;
    }
    out.push({
      agentId: a.agentId,
      AR_date,
      // "14" (days) for whole-day absences, "2(6)" (days(hours)) for hourly ones.
      AR_N: [...absences].map(([t, x]) => ({ timetype_N: t, hours_N: WHOLE_DAY.has(t) ? String(x.days) : `${x.days}(${round2(x.hours)})` })),
      half1_days: half[0]!.days,
      half1_hours: round2(half[0]!.hours),
      half2_days: half[1]!.days,
      half2_hours: round2(half[1]!.hours),
    });
  }
  return json(200, out);
}
