/**
 * The simulator's own serializer of `GET /agents` (PROTOCOLS.md §1.1): the
 * documented array holding one object, with the variations a real 1C sends
 * (parent_departmentId spelling, "0,75" rates, finishwork null or absent).
 * Bodies are cached per (roster version, from, to): 100 000 employees are
 * serialized once, then served from a Buffer.
 */
import { toDay } from './dates.ts';
import type { Roster, SimAgent, SimDepartment } from './roster.ts';

// JSON.stringify beats any hand-rolled "does it need escaping" check here (V8 fast path).
const q = JSON.stringify;

/** Vacation days accumulated by `date`: 28 a year from the hire-date balance, wrapping as leave is taken. */
export function vacationBalance(a: SimAgent, date: string, dateDay = toDay(date)): number {
  const days = a.vacationBase + ((dateDay - toDay(a.startwork)) * 28) / 365;
  return Math.round((days % 28) * 100_000) / 100_000;
}

function departmentJson(d: SimDepartment): string {
  return `{"departmentId":${q(d.id)},"department":${q(d.name)},"${d.altSpelling ? 'parent_departmentId' : 'parentDepartmentId'}":${q(d.parentId)}}`;
}

function agentJson(a: SimAgent, dates: string[], dateDays: number[]): string {
  let s = `{"agentId":${q(a.agentId)},"tabN":${q(a.tabN)},"lastname":${q(a.lastname)},"firstname":${q(a.firstname)},"secondname":${q(a.secondname)},"startwork":"${a.startwork}"`;
  if (a.finishwork !== null) s += `,"finishwork":"${a.finishwork}"`;
  else if (a.finishNull) s += ',"finishwork":null';
  s += `,"positionId":${q(a.positionId)},"position":${q(a.position)}`;
  if (a.positionChangeDate !== null) s += `,"positionChangeDate":"${a.positionChangeDate}"`;
  s += `,"departmentId":${q(a.departmentId)},"rate":${a.rateText ? `"${String(a.rate).replace('.', ',')}"` : a.rate}`;
  if (a.login !== null) s += `,"Login":${q(a.login)}`;
  s += `,"normWeek":${a.normWeek},"normWeekChangeDate":"${a.normWeekChangeDate}"`;
  if (a.sn !== null) s += `,"SN":${q(a.sn)}`;
  if (a.dbId !== null) s += `,"Db_ID":${q(a.dbId)}`;
  s += `,"area":${q(a.area)},"AR_vacation":[`;
  let first = true;
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    if (date < a.startwork || (a.finishwork !== null && date > a.finishwork)) continue;
    s += `${first ? '' : ','}{"date":"${date}","vacation":${vacationBalance(a, date, dateDays[i])}}`;
    first = false;
  }
  return `${s}]}`;
}

/** Agents per encoded chunk: small strings stay cheap for the GC, few chunks stay cheap to concatenate. */
const BATCH = 1000;

/** The whole body for a period: balances as of its first and last day. */
export function serializeAgents(roster: Roster, from: string, to: string): Buffer {
  const dates = from === to ? [from] : [from, to];
  const dateDays = dates.map(toDay);
  const depts = roster.departments.map(departmentJson).join(',');
  const chunks: Buffer[] = [Buffer.from(`[{"AR_departments":[${depts}],"AR_agents":[`, 'utf8')];
  const agents = roster.agents;
  for (let start = 0; start < agents.length; start += BATCH) {
    const end = Math.min(start + BATCH, agents.length);
    const parts: string[] = [];
    for (let i = start; i < end; i++) parts.push(agentJson(agents[i]!, dates, dateDays));
    chunks.push(Buffer.from((start > 0 ? ',' : '') + parts.join(','), 'utf8'));
  }
  chunks.push(Buffer.from(']}]', 'utf8'));
  return Buffer.concat(chunks);
}

/** A few recent bodies, dropped whenever the roster changes. */
export class AgentsBodyCache {
  private readonly roster: Roster;
  private version = -1;
  private readonly entries = new Map<string, Buffer>();
  private static readonly MAX = 4;

  constructor(roster: Roster) {
    this.roster = roster;
  }

  get(from: string, to: string): Buffer {
    if (this.version !== this.roster.version) {
      this.entries.clear();
      this.version = this.roster.version;
    }
    const key = `${from}|${to}`;
    let body = this.entries.get(key);
    if (!body) {
      body = serializeAgents(this.roster, from, to);
      if (this.entries.size >= AgentsBodyCache.MAX) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, body);
    }
    return body;
  }
}
