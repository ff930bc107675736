import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateRoster } from '../onec/roster.ts';
import { startMceSimulator, type MceSimulator } from './server.ts';
import { basic, getToken, Mirror, TestSocket, upgradeStatus, type Frame } from './test-client.ts';

const TODAY = '2026-03-10';
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Agent {
  agentId: string;
  login: string;
  name: string;
  state: string;
  reason: string | null;
  since: string;
  site?: string;
  groups?: string[];
}

const sockets: TestSocket[] = [];
async function open(sim: MceSimulator, via: 'header' | 'query' = 'header', token?: string): Promise<TestSocket> {
  const s = await TestSocket.open(sim.wsUrl, token ?? (await getToken(sim.url)), via);
  sockets.push(s);
  return s;
}
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

const isStatus = (f: Frame) => f.type === 'status';

describe('MCE simulator: token, upgrade and REST', () => {
  let sim: MceSimulator;
  beforeAll(async () => {
    sim = await startMceSimulator({ agents: 40, seed: 2, today: TODAY, eventsPerSec: 200 });
  });
  afterAll(() => sim.close());

  it('issues a bearer token for good Basic credentials and 401 otherwise', async () => {
    const r = await fetch(`${sim.url}/auth/mce/token`, { method: 'POST', headers: { authorization: basic() } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect((body.access_token as string).length).toBeGreaterThan(20);
    expect((await fetch(`${sim.url}/auth/mce/token`, { method: 'POST', headers: { authorization: basic('mce', 'wrong') } })).status).toBe(401);
    expect((await fetch(`${sim.url}/auth/mce/token`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${sim.url}/auth/mce/token`)).status).toBe(405);
  });

  it('refuses the upgrade with HTTP 401 without a token or with a bad one, and accepts ?token=', async () => {
    const none = await upgradeStatus(sim.wsUrl);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ message: expect.stringContaining('token') });
    expect((await upgradeStatus(sim.wsUrl, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await upgradeStatus(`${sim.wsUrl}?token=nope`)).status).toBe(401);
    expect((await upgradeStatus(`${sim.url.replace('http', 'ws')}/ws/other`, { authorization: `Bearer ${await getToken(sim.url)}` })).status).toBe(404);
    const s = await open(sim, 'query');
    expect((await s.next()).type).toBe('snapshot');
  });

  it('sends a snapshot first, then status frames with seq growing by one', async () => {
    const s = await open(sim);
    const snap = await s.next();
    expect(snap.type).toBe('snapshot');
    const agents = snap.agents as Agent[];
    expect(agents).toHaveLength(40);
    for (const a of agents) {
      expect(a).toMatchObject({ agentId: expect.stringMatching(/^A\d{6}$/), login: expect.any(String), name: expect.any(String), state: expect.any(String) });
      expect(a.since).toMatch(ISO_MS);
    }
    const ids = new Set(agents.map((a) => a.agentId));
    let seq = snap.seq!;
    for (let i = 0; i < 20; i++) {
      const f = await s.next(isStatus);
      expect(f.seq).toBe(++seq);
      expect(ids.has(f.agentId as string)).toBe(true);
      expect(Object.keys(f).sort()).toEqual(['agentId', 'reason', 'seq', 'since', 'state', 'type']);
      expect(f.since).toMatch(ISO_MS);
    }
  });

  it('answers a resync with a fresh snapshot at the current seq', async () => {
    const s = await open(sim);
    await s.next();
    const before = await s.next(isStatus);
    s.send({ type: 'resync' });
    const snap = await s.next((f) => f.type === 'snapshot');
    const prior = s.frames.slice(0, s.frames.indexOf(snap)).filter(isStatus);
    expect(snap.seq).toBe(prior[prior.length - 1]!.seq);
    expect(snap.seq).toBeGreaterThanOrEqual(before.seq!);
    expect((await s.next(isStatus)).seq).toBe(snap.seq! + 1);
    // Garbage from a client is ignored, the stream goes on.
    s.ws.send('not json');
    s.send({ type: 'hello' });
    await s.next(isStatus);
  });

  it('serves GET /api/v1/agents with the bearer token, and 401 without a valid one', async () => {
    const token = await getToken(sim.url);
    const r = await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await r.json()) as { seq: number; agents: Agent[] };
    expect(body.seq).toBeGreaterThanOrEqual(0);
    expect(body.agents).toHaveLength(40);
    expect(Object.keys(body)).toEqual(['seq', 'agents']);
    expect((await fetch(`${sim.url}/api/v1/agents`)).status).toBe(401);
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: basic() } })).status).toBe(401);
  });

  it('gives several clients the same stream', async () => {
    const [a, b] = [await open(sim), await open(sim)];
    await a.next();
    await b.next();
    const fb = await b.next(isStatus);
    const fa = await a.next((f) => f.type === 'status' && f.seq === fb.seq);
    expect(fa).toEqual(fb);
    for (let i = 0; i < 10; i++) expect(await a.next(isStatus)).toEqual(await b.next(isStatus));
    expect(sim.clients()).toBeGreaterThanOrEqual(2);
  });
});

describe('MCE simulator: heartbeats', () => {
  it('sends a heartbeat every heartbeatMs carrying the last seq sent, and none while that fault is on', async () => {
    const sim = await startMceSimulator({ agents: 10, seed: 1, today: TODAY, heartbeatMs: 40, paused: true });
    try {
      const s = await open(sim);
      await s.next();
      const hb = await s.next((f) => f.type === 'heartbeat', 2000);
      expect(hb).toEqual({ type: 'heartbeat', seq: 0, ts: expect.stringMatching(ISO_MS) });
      sim.setRate(1000);
      sim.resume();
      const st = await s.next(isStatus);
      sim.pause();
      const last = sim.seq();
      expect(last).toBeGreaterThanOrEqual(st.seq!);
      const hb2 = await s.next((f) => f.type === 'heartbeat' && f.seq === last, 2000);
      expect(hb2.seq).toBe(last);

      sim.setFaults({ noHeartbeat: true });
      const n = s.frames.length;
      await new Promise((r) => setTimeout(r, 250));
      expect(s.frames.slice(n + 1).filter((f) => f.type === 'heartbeat')).toEqual([]);
      sim.setFaults({});
      await s.next((f) => f.type === 'heartbeat', 2000);
    } finally {
      await sim.close();
    }
  });
});

describe('MCE simulator: faults and actions', () => {
  let sim: MceSimulator;
  beforeAll(async () => {
    sim = await startMceSimulator({ agents: 30, seed: 5, today: TODAY, eventsPerSec: 500 });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  const admin = (path: string, body?: unknown, auth = basic()) =>
    fetch(`${sim.url}/_sim/${path}`, { method: body === undefined && !path.startsWith('actions/') ? 'GET' : 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

  it('drops every N-th status frame: clients see the seq gaps', async () => {
    const res = await admin('faults', { dropFrames: { every: 5 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dropFrames: { every: 5 } });
    const s = await open(sim);
    await s.next();
    const seqs: number[] = [];
    for (let i = 0; i < 40; i++) seqs.push((await s.next(isStatus)).seq!);
    for (const q of seqs) expect(q % 5).not.toBe(0);
    expect(seqs.some((q, i) => i > 0 && q !== seqs[i - 1]! + 1)).toBe(true);
    expect(sim.state().framesDropped).toBeGreaterThan(0);
  });

  it('drops the next N frames on the dropNext action', async () => {
    const s = await open(sim);
    await s.next();
    await s.next(isStatus);
    const r = await admin('actions/dropNext?frames=3');
    expect(await r.json()).toMatchObject({ action: 'dropNext', dropNext: 3 });
    const at = sim.seq();
    // Every frame from the snapshot on, until well past the three dropped ones.
    const m = new Mirror();
    for (let i = 0; m.seq <= at + 8; i++) {
      await s.waitFrames(i + 1);
      m.apply(s.frames[i]!);
    }
    expect(m.gaps).toBe(1);
    expect(sim.state().faults.dropNext).toBe(0);
  });

  it('closes every socket with 4401 on closeSockets', async () => {
    const [a, b] = [await open(sim), await open(sim)];
    await a.next();
    await b.next();
    const r = await admin('actions/closeSockets');
    expect(await r.json()).toMatchObject({ action: 'closeSockets', code: 4401 });
    expect(await a.closed).toEqual({ code: 4401, reason: 'token expired' });
    expect((await b.closed).code).toBe(4401);
  });

  it('expires every token on expireTokens: sockets close with 4401, REST answers 401, a new token works', async () => {
    const token = await getToken(sim.url);
    const s = await open(sim, 'header', token);
    await s.next();
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await admin('actions/expireTokens')).status).toBe(200);
    expect((await s.closed).code).toBe(4401);
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await upgradeStatus(sim.wsUrl, { authorization: `Bearer ${token}` })).status).toBe(401);
    const fresh = await getToken(sim.url);
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
  });

  it('closes a socket with 4401 when its short-lived token expires', async () => {
    sim.setFaults({ tokenTtlSec: 1 });
    const r = await fetch(`${sim.url}/auth/mce/token`, { method: 'POST', headers: { authorization: basic() } });
    const { access_token, expires_in } = (await r.json()) as { access_token: string; expires_in: number };
    expect(expires_in).toBe(1);
    const s = await open(sim, 'header', access_token);
    const t0 = Date.now();
    expect((await s.closed).code).toBe(4401);
    expect(Date.now() - t0).toBeGreaterThan(500);
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(401);
  });

  it('refuses tokens while refuseTokens is on', async () => {
    sim.setFaults({ refuseTokens: true });
    expect((await fetch(`${sim.url}/auth/mce/token`, { method: 'POST', headers: { authorization: basic() } })).status).toBe(401);
    sim.setFaults({});
    expect((await fetch(`${sim.url}/auth/mce/token`, { method: 'POST', headers: { authorization: basic() } })).status).toBe(200);
  });

  it('kills sockets without a close frame and answers upgrades 503 for the window, then accepts them', async () => {
    const token = await getToken(sim.url);
    const s = await open(sim, 'header', token);
    await s.next();
    const r = await admin('actions/killSockets?refuseSeconds=1');
    expect(await r.json()).toMatchObject({ action: 'killSockets', killed: expect.any(Number), refuseSeconds: 1 });
    expect((await s.closed).code).toBe(1006);
    const refused = await upgradeStatus(sim.wsUrl, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(503);
    expect(sim.state().faults.refusingUpgradesUntil).not.toBeNull();
    await new Promise((res) => setTimeout(res, 1100));
    expect((await upgradeStatus(sim.wsUrl, { authorization: `Bearer ${token}` })).status).toBe(101);
  });

  it('answers REST 503 while restDown is on', async () => {
    const token = await getToken(sim.url);
    sim.setFaults({ restDown: true });
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(503);
    sim.setFaults({});
    expect((await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('sends hostile frames that do not advance seq', async () => {
    const s = await open(sim);
    await s.next();
    sim.pause();
    const seq = sim.seq();
    await s.waitFrames(1 + (seq - (s.frames[0]!.seq as number)));
    const from = s.raw.length;
    const r = await admin('actions/sendBadFrames');
    expect(await r.json()).toMatchObject({ action: 'sendBadFrames', frames: 5 });
    await s.waitFrames(from + 5);
    const bad = s.raw.slice(from);
    expect(() => JSON.parse(bad[0]!)).toThrow();
    const parsed = bad.slice(1).map((t) => JSON.parse(t) as Frame);
    expect(parsed[0]!.type).toBe('queue_stats');
    expect(parsed[1]).toMatchObject({ type: 'status' });
    expect(parsed[1]).not.toHaveProperty('agentId');
    expect(parsed[2]!.reason).toMatch(/\u001b\[31m/);
    expect(parsed[2]!.reason).toMatch(/[\u0000\u0007]/);
    expect((parsed[3]!.reason as string).length).toBeGreaterThan(100_000);
    for (const p of parsed) expect(p.seq).toBe(seq);
    expect(sim.seq()).toBe(seq);
    sim.resume();
    expect((await s.next((f) => isStatus(f) && f.seq! > seq)).seq).toBe(seq + 1);
    // Only some kinds, when asked.
    expect(await (await admin('actions/sendBadFrames?kinds=notJson,unknownType')).json()).toMatchObject({ frames: 2 });
  });

  it('pauses, resumes and changes the rate through actions', async () => {
    expect(await (await admin('actions/pause')).json()).toMatchObject({ paused: true });
    const seq = sim.seq();
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.seq()).toBe(seq);
    expect(await (await admin('actions/setRate?eventsPerSec=2000')).json()).toMatchObject({ eventsPerSec: 2000 });
    expect(await (await admin('actions/resume')).json()).toMatchObject({ paused: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.seq() - seq).toBeGreaterThan(200);
    sim.setRate(500);
    expect(sim.state().eventsPerSec).toBe(500);
  });

  it('guards the admin endpoints with Basic auth and answers bad input with 400 and a readable message', async () => {
    expect((await admin('state', undefined, basic('mce', 'x'))).status).toBe(401);
    const bad = await admin('faults', { dropFrames: { every: 0 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()) as { message: string }).toEqual({ message: expect.stringMatching(/^invalid faults: dropFrames\.every: /) });
    const unknownKey = await admin('faults', { restdown: true });
    expect(unknownKey.status).toBe(400);
    expect(((await unknownKey.json()) as { message: string }).message).toMatch(/restdown/);
    const notJson = await admin('faults', '{restDown');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toMatch(/JSON/);
    const badAction = await admin('actions/killSockets?refuseSeconds=-1');
    expect(badAction.status).toBe(400);
    expect(((await badAction.json()) as { message: string }).message).toMatch(/refuseSeconds must be at least 0/);
    const badKind = await admin('actions/sendBadFrames?kinds=bogus');
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { message: string }).message).toMatch(/notJson, unknownType/);
    const unknown = await admin('actions/explode');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/dropNext.*killSockets/);
  });

  it('reports its state', async () => {
    await getToken(sim.url);
    const s = await open(sim);
    await s.next();
    sim.pause();
    const st = (await (await admin('state')).json()) as Record<string, unknown>;
    expect(st).toMatchObject({ seed: 5, today: TODAY, agents: 30, paused: true, onecEmployees: 30, unknownToOnec: expect.any(Number), clients: 1, tokensIssued: expect.any(Number), faults: { dropNext: 0, refusingUpgradesUntil: null } });
    expect(st.seq).toBe(sim.seq());
    expect(st.eventsSent as number).toBeGreaterThan(0);
    expect(st.tokensIssued as number).toBeGreaterThan(5);
    sim.resume();
  });
});

describe('MCE simulator: the data a client sees', () => {
  it('streams only allowed transitions, and agents() equals what a client that applied snapshot + statuses holds', async () => {
    const sim = await startMceSimulator({ agents: 25, seed: 8, today: TODAY, eventsPerSec: 3000 });
    try {
      const s = await open(sim);
      const snap = await s.next();
      const current = new Map((snap.agents as Agent[]).map((a) => [a.agentId, a]));
      const allowed = new Set(['offline>available', 'available>ringing', 'available>break', 'available>training', 'available>meeting', 'available>offline', 'ringing>talking', 'ringing>available', 'talking>hold', 'talking>wrap_up', 'hold>talking', 'wrap_up>available', 'break>available', 'training>available', 'meeting>available']);
      const mirror = new Mirror();
      mirror.apply(snap);
      for (let i = 0; i < 600; i++) {
        const f = await s.next(isStatus);
        mirror.apply(f);
        const prev = current.get(f.agentId as string)!;
        expect(allowed.has(`${prev.state}>${f.state}`), `${prev.state} → ${f.state}`).toBe(true);
        expect(f.reason === null).toBe(f.state !== 'break');
        expect(Date.parse(f.since as string)).toBeGreaterThan(Date.parse(prev.since));
        current.set(prev.agentId, { ...prev, state: f.state as string, reason: f.reason as string | null, since: f.since as string });
      }
      sim.pause();
      const last = sim.seq();
      while (mirror.seq < last) mirror.apply(await s.next(isStatus));
      expect(mirror.gaps).toBe(0);
      const truth = sim.agents();
      expect(truth).toHaveLength(25);
      expect(mirror.agents).toEqual(new Map(truth.map((a) => [a.agentId, { agentId: a.agentId, state: a.state, reason: a.reason, since: a.since }])));
      // A fresh snapshot and the REST body show the same truth.
      s.send({ type: 'resync' });
      const again = await s.next((f) => f.type === 'snapshot');
      expect(again).toEqual({ type: 'snapshot', seq: last, agents: truth });
      const rest = await fetch(`${sim.url}/api/v1/agents`, { headers: { authorization: `Bearer ${await getToken(sim.url)}` } });
      expect(await rest.json()).toEqual({ seq: last, agents: truth });
    } finally {
      await sim.close();
    }
  });

  it("has the 1C simulator's logins for the same seed, employees and today, some in another case, plus unknown agents", async () => {
    const sim = await startMceSimulator({ agents: 200, seed: 3, onecEmployees: 260, today: TODAY, paused: true });
    try {
      const roster = generateRoster(3, 260, TODAY);
      const onecLogins = new Set(roster.agents.filter((a) => a.login).map((a) => a.login!));
      const onecLower = new Set([...onecLogins].map((l) => l.toLowerCase()));
      const agents = sim.agents();
      const exact = agents.filter((a) => onecLogins.has(a.login));
      const otherCase = agents.filter((a) => !onecLogins.has(a.login) && onecLower.has(a.login.toLowerCase()));
      const unknown = agents.filter((a) => !onecLower.has(a.login.toLowerCase()));
      expect(otherCase.length).toBeGreaterThan(0);
      expect(unknown.map((a) => a.login)).toEqual(expect.arrayContaining(['supervisor.1', 'test.operator2']));
      expect(exact.length + otherCase.length).toBe(sim.state().fromOnec);
      expect(unknown.length).toBe(sim.state().unknownToOnec);
      const same = await startMceSimulator({ agents: 200, seed: 3, onecEmployees: 260, today: TODAY, paused: true });
      try {
        // The same agents in the same states; only since differs, as it is taken from the clock at start.
        const withoutSince = (list: Agent[]) => list.map(({ since: _s, ...rest }) => rest);
        expect(withoutSince(same.agents())).toEqual(withoutSince(agents));
      } finally {
        await same.close();
      }
    } finally {
      await sim.close();
    }
  });

  it("takes every 1C login with agents: 'all'", async () => {
    const sim = await startMceSimulator({ agents: 'all', seed: 6, onecEmployees: 120, today: TODAY, paused: true });
    try {
      const logins = generateRoster(6, 120, TODAY).agents.filter((a) => a.login).map((a) => a.login!.toLowerCase());
      const st = sim.state();
      expect(st).toMatchObject({ fromOnec: logins.length, synthetic: 0, onecEmployees: 120 });
      const mce = new Set(sim.agents().map((a) => a.login.toLowerCase()));
      for (const l of logins) expect(mce.has(l)).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('rejects invalid options with a clear message', async () => {
    await expect(startMceSimulator({ agents: 5 })).rejects.toThrow(/agents must be at least 10/);
    await expect(startMceSimulator({ eventsPerSec: 9000 })).rejects.toThrow(/eventsPerSec must be at most 5000/);
    await expect(startMceSimulator({ today: '2026-02-30' })).rejects.toThrow(/today must be a date/);
  });
});
