/** Shared by the queue's tests: a fresh database file per test, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/open.ts';

export interface TempDb {
  db: Db;
  file: string;
  dir: string;
  /** Another connection to the same file, as a second process would have. */
  reopen(): Db;
  cleanup(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'argus-queue-'));
  const file = join(dir, 'gateway.db');
  const db = openDatabase(file);
  const extra: Db[] = [];
  return {
    db,
    file,
    dir,
    reopen() {
      const d = openDatabase(file);
      extra.push(d);
      return d;
    },
    cleanup() {
      for (const d of [db, ...extra]) if (d.open) d.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const syncData = { from: '2026-01-01', to: '2026-01-31' };
export const timesheetData = { date_start: '2026-01-01T00:00:00Z', date_end: '2026-01-31T00:00:00Z', AR_agents: [{ agentId: 'a-1' }] };
export const factData = {
  agentId: 'a-1',
  initiator_name: 'Иванов И.И.',
  date_start: '2026-01-15T18:00:00',
  loginfo: [{ start: '2026-01-15T18:00:00', time: 900_000 }],
};
