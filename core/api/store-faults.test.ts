/**
 * Faults of the store reach the console and Health as sentences naming the
 * file and what to do, never as SQLite's text or an "unexpected" failure: a
 * full disk under a write (a real one: a small tmpfs filled up), a damaged file
 * under Health's probe.
 */
import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../config/data-dir.ts';
import { openDatabase } from '../db/open.ts';
import { smallDisk, type SmallDisk } from '../db/testing/small-disk.ts';
import { CallMonitor } from '../health/call-monitor.ts';
import { healthSummary } from '../health/summary.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';
import { consoleFromGateway } from './console.ts';

const RAW_SQLITE = /SQLITE_|file is not a database|database disk image is malformed|readonly database|unable to open database file|database or disk is full|disk I\/O error/;

let disk: SmallDisk | null = null;
let gw: Gateway | null = null;
let other: Database.Database | null = null;
let dir: string | null = null;

afterEach(async () => {
  other?.close();
  await gw?.close().catch(() => undefined);
  disk?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  disk = gw = other = dir = null;
});

describe('faults of the store in the console and Health', () => {
  it('a command on a full disk answers with the disk-full sentence naming the database', async () => {
    disk = smallDisk(4);
    const dataDir = join(disk.dir, 'data');
    gw = await createGateway({ dataDir, clock: new ManualClock('2026-03-02T10:00:00Z'), actor: 'tester' });
    const logged: string[] = [];
    const api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' }, { error: (m) => logged.push(m) });
    disk.fill();
    const r = await api.dispatcher.dispatch('config.set', { key: 'sync.planTtlHours', value: 48 }, { actor: 'Анна' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'db_disk_full', kind: 'retryable', message: `the disk holding ${databaseFile(dataDir)} is full: free space on it, then try again` },
    });
    expect(logged).toEqual([]);
  });

  it('Health says a damaged database is damaged, naming the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'argus-health-damaged-'));
    gw = await createGateway({ dataDir: join(dir, 'gw'), clock: new ManualClock('2026-03-02T10:00:00Z'), actor: 'tester' });
    // A second store whose schema_migrations page is overwritten, opened as SQLite lets it be (lazily).
    const file = join(dir, 'damaged', 'gateway.sqlite');
    const db = openDatabase(file);
    const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'schema_migrations'").pluck().get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    other = new Database(file);
    const s = healthSummary({ db: other, clock: gw.clock, dataDir: dir, queue: gw.queue, vault: gw.vault, calls: new CallMonitor(), demo: true, onecConfigured: () => true, onecOrigin: () => null });
    const check = s.checks.find((c) => c.name === 'database')!;
    expect(check.status).toBe('unhealthy');
    expect(check.reason).toMatch(new RegExp(`^the database does not answer: the database ${file} is damaged \\(.+\\): stop every gateway process, then restore it from a backup`));
    expect(check.reason).not.toMatch(RAW_SQLITE);
  });
});
