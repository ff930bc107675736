/**
 * The agents MCE/Oktell knows: taken from the 1C simulator's roster for the
 * same (seed, employees, today), so their logins match 1C's `Login` values as
 * they would in a real contact centre, with the mismatches a real one has:
 * a few logins in another letter case, a few accounts 1C never heard of
 * (supervisors, test operators), and terminated staff still present in MCE.
 * Everything is a pure function of its inputs.
 */
import { randomName, translit } from '../onec/names.ts';
import { mix, mulberry32, pick, type Rng } from '../onec/prng.ts';
import { generateRoster, SITES, type Roster, type SimDepartment } from '../onec/roster.ts';

export type AgentOrigin = 'onec' | 'unknown' | 'synthetic';

/** What does not change about an agent while the simulator runs. */
export interface AgentProfile {
  /** MCE's own id ("A" + 6 digits), not 1C's. */
  agentId: string;
  login: string;
  /** Full name in Russian, as 1C has it. */
  name: string;
  /** The city (1C `area`) of the agent's site; absent for some accounts unknown to 1C. */
  site?: string;
  groups?: string[];
  /** `onec`: a 1C employee; `unknown`: a named account 1C does not have; `synthetic`: a filler when 1C offers too few logins. */
  origin: AgentOrigin;
  /** The 1C employee's agentId, for `onec` agents. */
  onecAgentId: string | null;
  /** The login is sent in another letter case than 1C's `Login`. */
  caseVariant: boolean;
  /** 1C sends a termination date for this employee (still in 1C's response, still in MCE). */
  terminated: boolean;
}

export interface MceRoster {
  seed: number;
  today: string;
  /** Employees in the 1C roster it was taken from. */
  onecEmployees: number;
  agents: AgentProfile[];
  fromOnec: number;
  unknown: number;
  synthetic: number;
  caseVariants: number;
  terminated: number;
}

/** Accounts MCE has and 1C does not: login prefix and a display name. */
const UNKNOWN_ACCOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['supervisor.', 'Супервайзер смены'],
  ['test.operator', 'Тестовый оператор'],
  ['trainer.', 'Тренер'],
  ['qa.monitor', 'Контроль качества'],
  ['reserve.line', 'Резервная линия'],
  ['night.shift', 'Ночная смена'],
];

/** Short group names for 1C's group kinds (simulators/onec/roster.ts GROUP_KINDS). */
const SHORT_GROUPS: Record<string, string> = {
  'Группа входящей линии': 'Входящая линия',
  'Группа исходящих звонков': 'Исходящие звонки',
  'Группа обслуживания VIP-клиентов': 'VIP-клиенты',
  'Группа технической поддержки': 'Техническая поддержка',
  'Группа чатов и почты': 'Чаты и почта',
  'Группа претензионной работы': 'Претензии',
};

/** Accounts unknown to 1C: about 1 %, at least 2. */
export function unknownCountFor(agents: number): number {
  return Math.max(2, Math.round(agents * 0.01));
}

/** Logins sent in another letter case: about 3 %, at least 1 when there are any. */
function caseVariantCountFor(fromOnec: number): number {
  return fromOnec === 0 ? 0 : Math.max(1, Math.round(fromOnec * 0.03));
}

/** 1C employees that have a login (working, or terminated within the last month and so still sent). */
export function onecLogins(roster: Roster): number {
  let n = 0;
  for (const a of roster.agents) if (a.login !== null) n++;
  return n;
}

/** The smallest agent count that takes every 1C login besides the unknown accounts, capped. */
export function agentsCoveringLogins(logins: number, cap = 20_000): number {
  let n = Math.max(10, logins);
  while (n - unknownCountFor(n) < logins && n < cap) n++;
  return Math.min(n, cap);
}

/** "ivanova.mp123" → "Ivanova.MP123": what a hand-typed MCE account looks like. */
export function otherCase(login: string): string {
  const dot = login.indexOf('.');
  const variant =
    dot < 0
      ? login.toUpperCase()
      : login[0]!.toUpperCase() + login.slice(1, dot) + '.' + login.slice(dot + 1).replace(/^[a-z]+/, (s) => s.toUpperCase());
  return variant === login ? login.toUpperCase() : variant;
}

function groupsOf(dept: SimDepartment, parent: SimDepartment | undefined, rng: Rng): string[] {
  if (dept.root) return [dept.name];
  const m = /^(.*) №(\d+) \(.*\)$/.exec(dept.name);
  const group = m ? `${SHORT_GROUPS[m[1]!] ?? m[1]!} №${m[2]!}` : dept.name;
  // Some agents also sit in their site's overflow queue.
  return parent && rng() < 0.3 ? [group, parent.name] : [group];
}

function randomGroups(rng: Rng): string[] {
  return [`${pick(rng, Object.values(SHORT_GROUPS))} №${1 + Math.floor(rng() * 5)}`];
}

/** Distinct ids "A" + 6 digits, in the order drawn. */
function agentIds(rng: Rng, n: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < n) {
    const id = `A${100_000 + Math.floor(rng() * 900_000)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** Takes `agents` MCE agents from a 1C roster (see the file comment). */
export function mceRosterFrom(roster: Roster, agents: number): MceRoster {
  const rng = mulberry32(mix(roster.seed, 0x3ce));
  const depts = new Map(roster.departments.map((d) => [d.id, d]));
  const withLogin = roster.agents.filter((a) => a.login !== null);
  const unknown = unknownCountFor(agents);
  const fromOnec = Math.min(withLogin.length, Math.max(0, agents - unknown));
  const synthetic = agents - unknown - fromOnec;
  const ids = agentIds(rng, agents);
  const out: AgentProfile[] = [];

  const variants = new Set<number>();
  const wanted = caseVariantCountFor(fromOnec);
  while (variants.size < wanted) variants.add(Math.floor(rng() * fromOnec));

  for (let i = 0; i < fromOnec; i++) {
    const a = withLogin[i]!;
    const dept = depts.get(a.departmentId);
    const name = [a.lastname, a.firstname, a.secondname].filter(Boolean).join(' ');
    const groups = dept ? groupsOf(dept, depts.get(dept.parentId), rng) : randomGroups(rng);
    const caseVariant = variants.has(i);
    out.push({
      agentId: ids[out.length]!,
      login: caseVariant ? otherCase(a.login!) : a.login!,
      name,
      site: a.area,
      groups,
      origin: 'onec',
      onecAgentId: a.agentId,
      caseVariant,
      terminated: a.finishwork !== null,
    });
  }
  for (let i = 0; i < unknown; i++) {
    const [prefix, label] = UNKNOWN_ACCOUNTS[i % UNKNOWN_ACCOUNTS.length]!;
    // Every third one without site and groups: both are optional in the contract.
    const bare = i % 3 === 2;
    out.push({
      agentId: ids[out.length]!,
      login: `${prefix}${i + 1}`,
      name: `${label} ${i + 1}`,
      ...(bare ? {} : { site: pick(rng, SITES).area, groups: randomGroups(rng) }),
      origin: 'unknown',
      onecAgentId: null,
      caseVariant: false,
      terminated: false,
    });
  }
  for (let i = 0; i < synthetic; i++) {
    const n = randomName(rng);
    out.push({
      agentId: ids[out.length]!,
      // "ext." never starts a 1C login (surname.initialsNNN), so these stay unknown to 1C.
      login: `ext.${translit(n.lastname)}${i + 1}`,
      name: [n.lastname, n.firstname, n.secondname].filter(Boolean).join(' '),
      site: pick(rng, SITES).area,
      groups: randomGroups(rng),
      origin: 'synthetic',
      onecAgentId: null,
      caseVariant: false,
      terminated: false,
    });
  }
  // MCE lists its agents by its own id.
  out.sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  return {
    seed: roster.seed,
    today: roster.today,
    onecEmployees: roster.agents.length,
    agents: out,
    fromOnec,
    unknown,
    synthetic,
    caseVariants: variants.size,
    terminated: out.filter((a) => a.terminated).length,
  };
}

/** The MCE agents for the 1C simulator's roster of (seed, onecEmployees, today). */
export function generateMceRoster(seed: number, agents: number, onecEmployees: number, today: string): MceRoster {
  return mceRosterFrom(generateRoster(seed, onecEmployees, today), agents);
}
