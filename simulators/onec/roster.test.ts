import { describe, expect, it } from 'vitest';
import { serializeAgents } from './agents-body.ts';
import { addMonths } from './dates.ts';
import { feminineSurname, translit } from './names.ts';
import { advanceDays, generateRoster, SITES } from './roster.ts';

const TODAY = '2026-03-10';

interface RawAgent {
  agentId: string;
  tabN: string;
  lastname: string;
  firstname: string;
  secondname: string;
  startwork: string;
  finishwork?: string | null;
  position: string;
  positionChangeDate?: string;
  departmentId: string;
  rate: number | string;
  Login?: string;
  normWeek: number;
  normWeekChangeDate: string;
  SN?: string;
  Db_ID?: string;
  area: string;
  AR_vacation: Array<{ date: string; vacation: number }>;
}
interface RawDept {
  departmentId: string;
  department: string;
  parentDepartmentId?: string;
  parent_departmentId?: string;
}

function body(roster: ReturnType<typeof generateRoster>, from = '2026-03-01', to = '2026-03-31') {
  const parsed = JSON.parse(serializeAgents(roster, from, to).toString('utf8')) as Array<{ AR_departments: RawDept[]; AR_agents: RawAgent[] }>;
  expect(parsed).toHaveLength(1);
  return parsed[0]!;
}

describe('names', () => {
  it('forms feminine surnames by the rules of Russian', () => {
    expect(['Иванов', 'Соловьёв', 'Ильин', 'Достоевский', 'Городецкий', 'Толстой', 'Шевченко', 'Черных', 'Цой', 'Ким', 'Абрамян'].map(feminineSurname)).toEqual([
      'Иванова', 'Соловьёва', 'Ильина', 'Достоевская', 'Городецкая', 'Толстая', 'Шевченко', 'Черных', 'Цой', 'Ким', 'Абрамян',
    ]);
    expect(translit('Щукина Юлия')).toBe('shchukina yuliya');
  });
});

describe('generated roster', () => {
  const roster = generateRoster(1, 500, TODAY);
  const b = body(roster);

  it('is deterministic: same seed and date → same bytes; another seed → another roster', () => {
    const again = serializeAgents(generateRoster(1, 500, TODAY), '2026-03-01', '2026-03-31');
    expect(again.equals(serializeAgents(roster, '2026-03-01', '2026-03-31'))).toBe(true);
    const other = body(generateRoster(2, 500, TODAY));
    expect(other.AR_agents[0]!.agentId).not.toBe(b.AR_agents[0]!.agentId);
  });

  it('has the requested size, unique ids and tab numbers that are not digits only', () => {
    expect(b.AR_agents).toHaveLength(500);
    expect(new Set(b.AR_agents.map((a) => a.agentId)).size).toBe(500);
    expect(new Set(b.AR_agents.map((a) => a.tabN)).size).toBe(500);
    expect(b.AR_agents.every((a) => /^\d+-\d+$/.test(a.tabN))).toBe(true);
    expect(b.AR_agents.some((a) => /^\d+-\d{3}$/.test(a.tabN))).toBe(true);
    expect(b.AR_agents.some((a) => /^\d+-\d{2}$/.test(a.tabN))).toBe(true);
  });

  it('builds a two-level department tree, roots pointing at themselves, some with the parent_departmentId spelling', () => {
    const parentOf = (d: RawDept) => d.parentDepartmentId ?? d.parent_departmentId;
    const roots = b.AR_departments.filter((d) => parentOf(d) === d.departmentId);
    const groups = b.AR_departments.filter((d) => parentOf(d) !== d.departmentId);
    expect(roots.length).toBe(5);
    expect(groups.length).toBe(20);
    expect(groups.every((g) => roots.some((r) => r.departmentId === parentOf(g)))).toBe(true);
    expect(b.AR_departments.some((d) => d.parent_departmentId !== undefined)).toBe(true);
    const ids = new Set(b.AR_departments.map((d) => d.departmentId));
    expect(b.AR_agents.every((a) => ids.has(a.departmentId))).toBe(true);
  });

  it('gives women feminine surnames and patronymics, men masculine ones', () => {
    let women = 0;
    let men = 0;
    for (const a of b.AR_agents) {
      if (a.secondname.endsWith('на')) {
        women++;
        expect(a.lastname).not.toMatch(/(ов|ев|ёв|ин|ский|цкий)$/);
      } else if (a.secondname.endsWith('ич')) {
        men++;
        expect(a.lastname).not.toMatch(/(ова|ева|ёва|ина|ская|цкая)$/);
      } else expect(a.secondname).toBe('');
    }
    expect(women).toBeGreaterThan(men);
    expect(men).toBeGreaterThan(0);
  });

  it('carries the documented variety: areas, rates 0.5–1 (some "0,75"), 36/40 norms, Login for most, SN/Db_ID for some', () => {
    const areas = new Set(b.AR_agents.map((a) => a.area));
    expect([...areas].sort()).toEqual(SITES.map((s) => s.area).sort());
    const rates = b.AR_agents.map((a) => (typeof a.rate === 'string' ? Number(a.rate.replace(',', '.')) : a.rate));
    expect(rates.every((r) => r >= 0.5 && r <= 1)).toBe(true);
    expect(b.AR_agents.some((a) => typeof a.rate === 'string' && a.rate.includes(','))).toBe(true);
    expect(new Set(b.AR_agents.map((a) => a.normWeek))).toEqual(new Set([36, 40]));
    const withLogin = b.AR_agents.filter((a) => a.Login).length;
    expect(withLogin / 500).toBeGreaterThan(0.8);
    expect(withLogin).toBeLessThan(500);
    expect(b.AR_agents.some((a) => a.SN) && b.AR_agents.some((a) => !a.SN)).toBe(true);
    expect(b.AR_agents.some((a) => a.Db_ID) && b.AR_agents.some((a) => !a.Db_ID)).toBe(true);
    expect(b.AR_agents.some((a) => a.finishwork === null) && b.AR_agents.some((a) => !('finishwork' in a))).toBe(true);
    expect(new Set(b.AR_agents.map((a) => a.position)).has('Оператор')).toBe(true);
  });

  it('keeps hire, change and termination dates consistent; some left within the last month', () => {
    const monthAgo = addMonths(TODAY, -1);
    const left = b.AR_agents.filter((a) => a.finishwork);
    expect(left.length).toBeGreaterThan(0);
    for (const a of b.AR_agents) {
      expect(a.startwork <= TODAY).toBe(true);
      expect(a.normWeekChangeDate >= a.startwork && a.normWeekChangeDate <= TODAY).toBe(true);
      if (a.positionChangeDate) expect(a.positionChangeDate >= a.startwork).toBe(true);
      if (a.finishwork) expect(a.finishwork >= monthAgo && a.finishwork <= TODAY && a.finishwork > a.startwork).toBe(true);
    }
  });

  it('reports fractional vacation balances as of the period bounds, only while employed', () => {
    const a = b.AR_agents.find((x) => x.startwork < '2026-03-01' && !x.finishwork)!;
    expect(a.AR_vacation.map((v) => v.date)).toEqual(['2026-03-01', '2026-03-31']);
    expect(b.AR_agents.some((x) => x.AR_vacation.some((v) => !Number.isInteger(v.vacation)))).toBe(true);
    expect(b.AR_agents.every((x) => x.AR_vacation.every((v) => v.vacation >= 0 && v.vacation < 28 && v.date >= x.startwork))).toBe(true);
    const one = body(roster, '2026-03-05', '2026-03-05').AR_agents.find((x) => x.agentId === a.agentId)!;
    expect(one.AR_vacation.map((v) => v.date)).toEqual(['2026-03-05']);
  });

  it('accepts 10 and 100 000 employees', () => {
    expect(body(generateRoster(3, 10, TODAY)).AR_agents).toHaveLength(10);
    const big = generateRoster(3, 100_000, TODAY);
    expect(big.agents).toHaveLength(100_000);
    expect(big.departments.length).toBeGreaterThan(4000);
  });
});

describe('days passing', () => {
  it('applies hires, terminations, transfers and norm changes, visible in the body', () => {
    const roster = generateRoster(5, 500, TODAY);
    const before = new Map(body(roster).AR_agents.map((a) => [a.agentId, a]));
    const ch = advanceDays(roster, 30);
    expect(ch.from).toBe(TODAY);
    expect(ch.to).toBe('2026-04-09');
    expect(ch.counts.hire).toBeGreaterThan(0);
    expect(ch.counts.termination).toBeGreaterThan(0);
    expect(ch.counts.transfer).toBeGreaterThan(0);
    expect(ch.counts.norm_change).toBeGreaterThan(0);
    // A small percentage per day, not an upheaval.
    expect(ch.changes.length).toBeLessThan(200);

    const after = new Map(body(roster, '2026-04-01', '2026-04-30').AR_agents.map((a) => [a.agentId, a]));
    const last = new Map(ch.changes.map((c) => [`${c.kind}:${c.agentId}`, c]));
    for (const c of last.values()) {
      const a = after.get(c.agentId);
      if (c.kind === 'removed') {
        expect(a).toBeUndefined();
        continue;
      }
      expect(a).toBeDefined();
      if (c.kind === 'hire') {
        expect(before.has(c.agentId)).toBe(false);
        expect(a!.startwork).toBe(c.date);
        expect(a!.normWeekChangeDate).toBe(c.date);
      }
      if (c.kind === 'termination') expect(a!.finishwork).toBe(c.date);
      if (c.kind === 'transfer') {
        const p = before.get(c.agentId) ?? a!;
        expect(a!.positionChangeDate! >= c.date).toBe(true);
        expect(a!.departmentId !== p.departmentId || a!.position !== p.position || !before.has(c.agentId)).toBe(true);
      }
      if (c.kind === 'norm_change') {
        expect(c.detail).toMatch(/^normWeek (36 → 40|40 → 36)$/);
        expect(a!.normWeekChangeDate >= c.date).toBe(true);
      }
    }
  });

  it('is the same whether the days pass at once or one by one', () => {
    const a = generateRoster(9, 300, TODAY);
    const b = generateRoster(9, 300, TODAY);
    const all = advanceDays(a, 5);
    const steps = [1, 2, 3, 4, 5].map(() => advanceDays(b, 1));
    expect(steps.flatMap((s) => s.changes)).toEqual(all.changes);
    expect(serializeAgents(a, '2026-03-01', '2026-03-31').equals(serializeAgents(b, '2026-03-01', '2026-03-31'))).toBe(true);
  });

  it('drops terminated staff from the response one month after finishwork, not before', () => {
    const roster = generateRoster(11, 500, TODAY);
    const ch = advanceDays(roster, 1);
    const gone = ch.changes.find((c) => c.kind === 'termination') ?? advanceDays(roster, 3).changes.find((c) => c.kind === 'termination')!;
    const finish = gone.date;
    const visible = () => roster.agents.some((a) => a.agentId === gone.agentId);
    const lastDay = addMonths(finish, 1);
    while (roster.today < lastDay) advanceDays(roster, 1);
    expect(roster.today).toBe(lastDay);
    expect(visible()).toBe(true);
    const next = advanceDays(roster, 1);
    expect(visible()).toBe(false);
    expect(next.changes).toContainEqual(expect.objectContaining({ kind: 'removed', agentId: gone.agentId }));
  });

  it('refuses a nonsensical number of days', () => {
    const roster = generateRoster(1, 10, TODAY);
    expect(() => advanceDays(roster, 0)).toThrow('days must be a whole number from 1 to 3660, got 0');
    expect(() => advanceDays(roster, 1.5)).toThrow(/got 1.5/);
  });
});
