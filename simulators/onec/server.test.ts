import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from './server.ts';

const AUTH = { authorization: `Basic ${Buffer.from('wfm:wfm').toString('base64')}` };

async function get(url: string, headers: Record<string, string> = AUTH) {
  const r = await fetch(url, { headers });
  return { status: r.status, text: await r.text(), headers: r.headers };
}
async function post(url: string, body: string, headers: Record<string, string> = AUTH) {
  const r = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  return { status: r.status, text: await r.text() };
}

describe('1C simulator over HTTP', () => {
  let sim: OnecSimulator;
  beforeAll(async () => {
    sim = await startOnecSimulator({ employees: 40, seed: 3, today: '2026-05-14', basePath: '/services/personnel/' });
  });
  afterAll(() => sim.close());

  it('serves /agents under the base path with Basic auth, as UTF-8 JSON', async () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/services/personnel`);
    const r = await get(`${sim.url}/agents/2026-05-01/2026-05-31`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = JSON.parse(r.text) as Array<{ AR_agents: Array<{ lastname: string }> }>;
    expect(body[0]!.AR_agents).toHaveLength(40);
    expect(body[0]!.AR_agents[0]!.lastname).toMatch(/^[А-ЯЁ]/);
  });

  it('answers 401 with a Basic challenge to a wrong or missing password', async () => {
    const bad = await get(`${sim.url}/agents/2026-05-01/2026-05-31`, { authorization: `Basic ${Buffer.from('wfm:nope').toString('base64')}` });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await get(`${sim.url}/agents/2026-05-01/2026-05-31`, {})).status).toBe(401);
    expect((await get(`${sim.url}/_sim/state`, {})).status).toBe(401);
  });

  it('answers 500 with a message for a bad period and 404 for an unknown method', async () => {
    const bad = await get(`${sim.url}/agents/2026-05-01/2026-13-01`);
    expect(bad.status).toBe(500);
    expect(JSON.parse(bad.text)).toEqual({ message: expect.stringContaining('Некорректный период') });
    const reversed = await get(`${sim.url}/agents/2026-05-31/2026-05-01`);
    expect(JSON.parse(reversed.text).message).toContain('позже даты окончания');
    expect((await get(`${sim.url}/nothing`)).status).toBe(404);
  });

  it('counts requests to the 1C methods, not to the admin endpoints, and records the last one', async () => {
    const n = sim.requests();
    await get(`${sim.url}/agents/2026-05-01/2026-05-31`, { ...AUTH, 'x-request-id': 'abc-123' });
    await get(`${sim.url}/_sim/state`);
    expect(sim.requests()).toBe(n + 1);
    expect(sim.lastRequest()).toMatchObject({ method: 'GET', url: '/services/personnel/agents/2026-05-01/2026-05-31', headers: { 'x-request-id': 'abc-123' } });
  });

  it('advances days through the admin endpoint (root or base path) and serves the new roster', async () => {
    const before = await get(`${sim.url}/agents/2026-05-01/2026-05-31`);
    const adv = await post(`http://127.0.0.1:${sim.port}/_sim/advance?days=20`, '');
    expect(adv.status).toBe(200);
    const changes = JSON.parse(adv.text) as { from: string; to: string; changes: unknown[]; counts: Record<string, number> };
    expect(changes).toMatchObject({ from: '2026-05-14', to: '2026-06-03' });
    expect(changes.changes.length).toBeGreaterThan(0);
    expect(sim.today()).toBe('2026-06-03');
    const state = JSON.parse((await get(`${sim.url}/_sim/state`)).text) as { today: string; employees: number; working: number; terminated: number };
    expect(state.today).toBe('2026-06-03');
    expect(state.working + state.terminated).toBe(state.employees);
    const after = await get(`${sim.url}/agents/2026-05-01/2026-05-31`);
    expect(after.text).not.toBe(before.text); // the cached body was dropped
    expect((await post(`${sim.url}/_sim/advance?days=0`, '')).status).toBe(400);
  });

  it('sets faults through the admin endpoint and validates them', async () => {
    const ok = await post(`${sim.url}/_sim/faults`, JSON.stringify({ status500: { body: 'text', message: 'Сбой' }, times: 1 }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ status500: { body: 'text', message: 'Сбой' }, remaining: 1 });
    const failed = await get(`${sim.url}/agents/2026-05-01/2026-05-31`);
    expect(failed).toMatchObject({ status: 500, text: 'Сбой' });
    expect((await get(`${sim.url}/agents/2026-05-01/2026-05-31`)).status).toBe(200);
    const bad = await post(`${sim.url}/_sim/faults`, JSON.stringify({ hang: 'yes' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/^invalid faults: hang: /);
  });

  it('malformedJson serves a body that does not parse; empty 500 has no body', async () => {
    sim.setFaults({ malformedJson: true, times: 1 });
    const r = await get(`${sim.url}/agents/2026-05-01/2026-05-31`);
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow(SyntaxError);
    sim.setFaults({ status500: { body: 'empty' }, times: 1 });
    expect(await get(`${sim.url}/agents/2026-05-01/2026-05-31`)).toMatchObject({ status: 500, text: '' });
  });
});

describe('1C simulator options and determinism', () => {
  it('rejects sizes outside 10..100 000 and bad dates with clear messages', async () => {
    await expect(startOnecSimulator({ employees: 9 })).rejects.toThrow('employees: employees must be at least 10');
    await expect(startOnecSimulator({ employees: 100_001 })).rejects.toThrow('employees must be at most 100 000');
    await expect(startOnecSimulator({ today: '2026-02-30' })).rejects.toThrow('today must be a date YYYY-MM-DD');
  });

  it('serves byte-identical bodies from two simulators with the same seed and date', async () => {
    const a = await startOnecSimulator({ employees: 100, seed: 42, today: '2026-01-10' });
    const b = await startOnecSimulator({ employees: 100, seed: 42, today: '2026-01-10' });
    try {
      const [x, y] = await Promise.all([get(`${a.url}/agents/2026-01-01/2026-01-31`), get(`${b.url}/agents/2026-01-01/2026-01-31`)]);
      expect(x.text).toBe(y.text);
      a.advanceDays(3);
      b.advanceDays(1);
      b.advanceDays(2);
      const [x2, y2] = await Promise.all([get(`${a.url}/agents/2026-01-01/2026-01-31`), get(`${b.url}/agents/2026-01-01/2026-01-31`)]);
      expect(x2.text).toBe(y2.text);
      expect(x2.text).not.toBe(x.text);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('closes promptly with a request hanging', async () => {
    const s = await startOnecSimulator({ employees: 10, faults: { hang: true } });
    const pending = fetch(`${s.url}/agents/2026-01-01/2026-01-31`, { headers: AUTH }).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(s.requests()).toBe(1);
    await s.close();
    expect(await pending).toBe('dropped');
  });
});
