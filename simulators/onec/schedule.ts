/**
 * `POST /sendSchedule` (PROTOCOLS.md §1.3): one employee's schedule, one
 * "individual schedule" document per calendar month. Months before the current
 * one are closed and skipped, as are months outside employment; a day of the
 * covered period without a shift is a day off. Business failures come back as
 * result "false" with a message for the operator.
 */
import { z } from 'zod';
import { addDays, addMonths } from './dates.ts';
import { failure, isReply, json, parseRequest, refusal, type Reply } from './reply.ts';
import { fullName, localTime, type ScheduleMonth, type ScheduledDay, type World } from './world.ts';

const requestSchema = z.object({
  agentId: z.string().min(1),
  period1: z.string().min(1),
  period2: z.string().min(1),
  shift: z.array(z.object({ date_start: z.string().min(1), daily_hours: z.number().int().min(0), night_hours: z.number().int().min(0) })),
});

const monthEnd = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);

export function sendSchedule(world: World, body: string): Reply {
  const req = parseRequest(body, (v) => requestSchema.safeParse(v));
  if (isReply(req)) return req;
  const a = world.agent(req.agentId);
  if (!a) return refusal(`Сотрудник с идентификатором ${req.agentId} не найден`, false);
  const p1 = localTime(req.period1, a.area);
  const p2 = localTime(req.period2, a.area);
  if (!p1 || !p2) return failure(`Некорректный период: "${req.period1}" — "${req.period2}"`);
  if (p1.date > p2.date) return failure(`Некорректный период: начало ${p1.date} позже окончания ${p2.date}`);
  if (req.shift.length === 0) return refusal(`Нет данных о сменах сотрудника ${fullName(a)} (${a.tabN}) за период ${p1.date} — ${p2.date}`);

  const days = new Map<string, ScheduledDay>();
  for (const s of req.shift) {
    const t = localTime(s.date_start, a.area);
    if (!t) return failure(`Некорректное время начала смены: "${s.date_start}"`);
    // A shift belongs to the local date it starts on.
    days.set(t.date, { start: s.date_start, dayMs: s.daily_hours, nightMs: s.night_hours });
  }

  const current = world.roster.today.slice(0, 7);
  const plan: ScheduleMonth[] = [];
  let closed = 0;
  let outside = 0;
  for (let month = p1.date.slice(0, 7); month <= p2.date.slice(0, 7); month = addMonths(`${month}-01`, 1).slice(0, 7)) {
    const from = p1.date > `${month}-01` ? p1.date : `${month}-01`;
    const to = p2.date < monthEnd(month) ? p2.date : monthEnd(month);
    if (month < current) {
      closed++;
      continue;
    }
    if (to < a.startwork || (a.finishwork !== null && from > a.finishwork)) {
      outside++;
      continue;
    }
    if (!world.calendar.has(Number(month.slice(0, 4)))) return refusal(`Не заполнен производственный календарь на ${month.slice(0, 4)} год`);
    const existing = world.scheduleMonth(a.agentId, month);
    const partial = existing && (existing.from !== `${month}-01` || existing.to !== monthEnd(month));
    if (existing && partial && (existing.from !== from || existing.to !== to)) {
      return refusal(
        `Для сотрудника ${fullName(a)} уже введен график на часть месяца ${month} (${existing.from} — ${existing.to}). Удалите документ "Индивидуальный график" в 1С и повторите отправку`,
      );
    }
    const monthDays = new Map<string, ScheduledDay>();
    for (const [d, s] of days) if (d >= from && d <= to) monthDays.set(d, s);
    plan.push({ month, from, to, days: monthDays, writes: (existing?.writes ?? 0) + 1 });
  }
  if (plan.length === 0 && closed > 0) {
    return refusal(`Нельзя изменять графики за прошедшие периоды: месяцы до ${current} закрыты`);
  }

  let created = 0;
  let updated = 0;
  for (const m of plan) {
    let byMonth = world.schedules.get(a.agentId);
    if (!byMonth) world.schedules.set(a.agentId, (byMonth = new Map()));
    if (byMonth.has(m.month)) updated++;
    else created++;
    byMonth.set(m.month, m);
  }
  const skipped = [closed ? `пропущено закрытых месяцев: ${closed}` : '', outside ? `вне периода работы: ${outside}` : ''].filter(Boolean).join(', ');
  return json(200, { result: 'true', message: `Индивидуальные графики записаны: создано ${created}, обновлено ${updated}${skipped ? `; ${skipped}` : ''}` });
}
