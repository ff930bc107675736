import { describe, expect, it } from 'vitest';
import { sendFactWorkTime } from './fact-work-time.ts';
import { getNormHours } from './norm-hours.ts';
import { generateRoster } from './roster.ts';
import { sendSchedule } from './schedule.ts';
import { World } from './world.ts';

const answer = (r: { status: number; body: Buffer }) => ({ status: r.status, json: JSON.parse(r.body.toString('utf8')) as Record<string, unknown> });

function world() {
  const w = new World(generateRoster(21, 200, '2018-06-15'));
  const a = w.roster.agents.find((x) => x.finishwork === null && x.startwork < '2018-01-01' && x.area === 'Novosibirsk')!;
  return { w, a };
}

describe('sendFactWorkTime decisions', () => {
  const piece = (start: string) => ({ start, time: 900_000 });

  it('fact above plan → С for the excess; plan 0 at night → РВН; equal → no document', () => {
    const { w, a } = world();
    const H = 3_600_000;
    sendSchedule(w, JSON.stringify({ agentId: a.agentId, period1: '2018-06-01', period2: '2018-06-30', shift: [{ date_start: '2018-06-20T09:00:00', daily_hours: H / 2, night_hours: 0 }] }));
    const over = answer(sendFactWorkTime(w, JSON.stringify({ agentId: a.agentId, initiator_name: 'Петров П.П.', date_start: '2018-06-20T09:00:00', loginfo: [piece('2018-06-20T09:00:00'), piece('2018-06-20T09:15:00'), piece('2018-06-20T09:30:00')] })));
    expect(over).toEqual({ status: 200, json: { result: true, doc: 'Работа сверхурочно 0000-000001 от 20.06.2018' } });
    expect(w.factDocs[0]).toMatchObject({ timetype: 'С', hours: 0.25 });

    // 23:00 local on a day off (UTC+7 site: 16:00Z).
    const night = answer(sendFactWorkTime(w, JSON.stringify({ agentId: a.agentId, initiator_name: 'Петров П.П.', date_start: '2018-06-21T16:00:00Z', loginfo: [piece('2018-06-21T16:00:00Z'), piece('2018-06-21T16:15:00Z')] })));
    expect(night.json.doc).toBe('Работа в выходные и праздничные дни (ночные часы) 0000-000002 от 21.06.2018');

    const same = answer(sendFactWorkTime(w, JSON.stringify({ agentId: a.agentId, initiator_name: 'Петров П.П.', date_start: '2018-06-20T09:00:00', loginfo: [piece('2018-06-20T09:00:00'), piece('2018-06-20T09:15:00')] })));
    expect(same.json).toMatchObject({ result: false, doc: null });
    expect(w.factDocs).toHaveLength(2);
  });

  it('answers a malformed call with 500 and a message, as 1C does', () => {
    const { w } = world();
    expect(answer(sendFactWorkTime(w, '{"agentId": 1}'))).toMatchObject({ status: 500, json: { message: expect.stringMatching(/^Некорректный запрос: agentId: /) } });
    expect(answer(getNormHours(w, 'not json'))).toMatchObject({ status: 500, json: { message: expect.stringMatching(/^Ошибка разбора JSON/) } });
  });
});

describe('sendSchedule months', () => {
  it('skips months before hire and closed months, writing the rest', () => {
    const { w, a } = world();
    const r = answer(sendSchedule(w, JSON.stringify({ agentId: a.agentId, period1: '2018-05-01T00:00:00', period2: '2018-07-31T00:00:00', shift: [{ date_start: '2018-07-02T08:00:00', daily_hours: 28_800_000, night_hours: 0 }] })));
    expect(r.json).toEqual({ result: 'true', message: 'Индивидуальные графики записаны: создано 2, обновлено 0; пропущено закрытых месяцев: 1' });
    expect(w.scheduleMonth(a.agentId, '2018-05')).toBeUndefined();
    expect(w.scheduleMonth(a.agentId, '2018-07')!.days.get('2018-07-02')).toMatchObject({ dayMs: 28_800_000 });
    expect(w.plannedHours(a, '2018-07-02')).toEqual({ day: 8, night: 0 });
    expect(w.plannedHours(a, '2018-07-03')).toEqual({ day: 0, night: 0 });
  });
});
