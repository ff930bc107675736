import { describe, expect, it } from 'vitest';
import { generateRoster } from '../onec/roster.ts';
import { agentsCoveringLogins, generateMceRoster, onecLogins, otherCase, unknownCountFor } from './agents.ts';

const TODAY = '2026-03-10';

describe('MCE agents taken from the 1C roster', () => {
  const onec = generateRoster(4, 600, TODAY);
  const mce = generateMceRoster(4, 400, 600, TODAY);

  it('is deterministic per seed: same seed → same agents; another seed → others', () => {
    expect(generateMceRoster(4, 400, 600, TODAY)).toEqual(mce);
    const other = generateMceRoster(5, 400, 600, TODAY);
    expect(other.agents.map((a) => a.agentId)).not.toEqual(mce.agents.map((a) => a.agentId));
  });

  it('has its own distinct ids ("A" + 6 digits), listed in id order, none of them a 1C agentId', () => {
    const ids = mce.agents.map((a) => a.agentId);
    expect(new Set(ids).size).toBe(400);
    for (const id of ids) expect(id).toMatch(/^A\d{6}$/);
    expect([...ids].sort()).toEqual(ids);
    const onecIds = new Set(onec.agents.map((a) => a.agentId));
    expect(ids.some((id) => onecIds.has(id))).toBe(false);
  });

  it("gives 1C employees 1C's Login (a few in another letter case), full name, site and groups from the department", () => {
    const byId = new Map(onec.agents.map((a) => [a.agentId, a]));
    const depts = new Map(onec.departments.map((d) => [d.id, d]));
    const fromOnec = mce.agents.filter((a) => a.origin === 'onec');
    expect(fromOnec).toHaveLength(mce.fromOnec);
    let variants = 0;
    for (const a of fromOnec) {
      const e = byId.get(a.onecAgentId!)!;
      expect(e.login).not.toBeNull();
      expect(a.login.toLowerCase()).toBe(e.login!.toLowerCase());
      if (a.login !== e.login) variants++;
      expect(a.caseVariant).toBe(a.login !== e.login);
      expect(a.name).toBe([e.lastname, e.firstname, e.secondname].filter(Boolean).join(' '));
      expect(a.site).toBe(e.area);
      const dept = depts.get(e.departmentId)!;
      expect(a.groups!.length).toBeGreaterThanOrEqual(1);
      expect(a.groups!.length).toBeLessThanOrEqual(2);
      const number = /№(\d+)/.exec(dept.name)?.[1];
      if (number) expect(a.groups![0]).toMatch(new RegExp(`№${number}$`));
      expect(a.terminated).toBe(e.finishwork !== null);
    }
    // About 3 %.
    expect(variants).toBe(mce.caseVariants);
    expect(variants).toBeGreaterThanOrEqual(Math.round(fromOnec.length * 0.02));
    expect(variants).toBeLessThanOrEqual(Math.round(fromOnec.length * 0.04));
  });

  it('takes 1C employees that have a login, including the recently terminated ones 1C still sends', () => {
    const withLogin = new Set(onec.agents.filter((a) => a.login !== null).map((a) => a.agentId));
    for (const a of mce.agents.filter((x) => x.origin === 'onec')) expect(withLogin.has(a.onecAgentId!)).toBe(true);
    const big = generateMceRoster(4, 2000, 2000, TODAY);
    expect(big.terminated).toBeGreaterThan(0);
  });

  it('adds about 1 % of accounts 1C does not know (at least 2), some without site and groups', () => {
    const unknown = mce.agents.filter((a) => a.origin === 'unknown');
    expect(unknown).toHaveLength(unknownCountFor(400));
    expect(unknown.map((a) => a.login).sort()).toEqual(['supervisor.1', 'test.operator2', 'trainer.3', 'qa.monitor4'].sort());
    expect(unknown.some((a) => a.site === undefined && a.groups === undefined)).toBe(true);
    const onecLower = new Set(onec.agents.filter((a) => a.login).map((a) => a.login!.toLowerCase()));
    for (const a of unknown) expect(onecLower.has(a.login.toLowerCase())).toBe(false);
    expect(generateMceRoster(4, 10, 600, TODAY).unknown).toBe(2);
  });

  it('fills with synthetic agents unknown to 1C when asked for more agents than 1C has logins', () => {
    const small = generateRoster(4, 100, TODAY);
    const logins = onecLogins(small);
    const r = generateMceRoster(4, 300, 100, TODAY);
    expect(r.agents).toHaveLength(300);
    expect(r.fromOnec).toBe(logins);
    expect(r.synthetic).toBe(300 - logins - r.unknown);
    const onecLower = new Set(small.agents.filter((a) => a.login).map((a) => a.login!.toLowerCase()));
    const synth = r.agents.filter((a) => a.origin === 'synthetic');
    expect(synth).toHaveLength(r.synthetic);
    for (const a of synth) {
      expect(onecLower.has(a.login.toLowerCase())).toBe(false);
      expect(a.name).toMatch(/^[А-ЯЁ]/);
    }
    expect(new Set(r.agents.map((a) => a.login.toLowerCase())).size).toBe(300);
  });

  it('sizes the agent count to take every 1C login beside the unknown accounts, capped', () => {
    const n = agentsCoveringLogins(onecLogins(onec));
    const r = generateMceRoster(4, n, 600, TODAY);
    expect(r.fromOnec).toBe(onecLogins(onec));
    expect(r.synthetic).toBe(0);
    expect(agentsCoveringLogins(90_000)).toBe(20_000);
  });

  it('writes a login in another case the way a person would type it', () => {
    expect(otherCase('ivanova.mp123')).toBe('Ivanova.MP123');
    expect(otherCase('tsoy.zha7')).toBe('Tsoy.ZHA7');
    expect(otherCase('x')).toBe('X');
  });
});
