import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open.ts';
import { ManualClock } from '../time/clock.ts';
import { ConfigStore } from './store.ts';
import { defaultDataDir, resolveDataDir } from './data-dir.ts';

describe('ConfigStore', () => {
  let dir: string;
  let db: Db;
  let store: ConfigStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    db = openDatabase(join(dir, 'g.sqlite'));
    store = new ConfigStore(db, new ManualClock());
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills defaults', () => {
    const c = store.all();
    expect(c['onec.url']).toBe('');
    expect(c['onec.headersTimeoutMs']).toBe(30_000);
    expect(c['sync.maxDeactivationPct']).toBe(10);
    expect(c['sync.defaultZone']).toBe('Europe/Moscow');
  });

  it('coerces command-line strings to the key type and persists them', () => {
    expect(store.set('onec.headersTimeoutMs', '45000')).toBe(45_000);
    store.set('onec.url', 'http://zup.local:8090/services/personnel');
    const again = new ConfigStore(db, new ManualClock());
    expect(again.get('onec.headersTimeoutMs')).toBe(45_000);
    expect(again.get('onec.url')).toBe('http://zup.local:8090/services/personnel');
    store.unset('onec.headersTimeoutMs');
    expect(store.get('onec.headersTimeoutMs')).toBe(30_000);
  });

  it('names the key and the problem on bad input', () => {
    expect(() => store.set('onec.urll', 'x')).toThrow(/unknown configuration key "onec.urll"; known keys: onec.url/);
    expect(() => store.set('onec.url', 'ftp://x')).toThrow(/invalid value for onec.url: .*http/);
    expect(() => store.set('onec.url', 'http://wfm:secret@zup.local/hs/wfm')).toThrow(/invalid value for onec.url: must not carry a user name or password/);
    expect(store.set('onec.url', 'http://zup.local/hs/wfm?q=a@b')).toBe('http://zup.local/hs/wfm?q=a@b');
    expect(() => store.set('onec.headersTimeoutMs', 'soon')).toThrow(/invalid value for onec.headersTimeoutMs/);
    expect(() => store.set('sync.defaultZone', 'Mars/Olympus')).toThrow(/IANA time zone/);
  });

  it('keeps plan items 90 days and queue operations 30 by default, within 1 to 3650 days', () => {
    expect(store.get('retention.planDays')).toBe(90);
    expect(store.get('retention.operationDays')).toBe(30);
    expect(store.set('retention.planDays', '365')).toBe(365);
    expect(store.get('retention.planDays')).toBe(365);
    expect(() => store.set('retention.planDays', '0')).toThrow(/invalid value for retention.planDays/);
    expect(() => store.set('retention.operationDays', '3651')).toThrow(/invalid value for retention.operationDays/);
    expect(() => store.set('retention.operationDays', '1.5')).toThrow(/invalid value for retention.operationDays/);
    expect(store.get('retention.operationDays')).toBe(30);
  });

  it('caps schedules.maxShiftHours at 24, what 1C takes of paid time in one shift', () => {
    expect(store.get('schedules.maxShiftHours')).toBe(12);
    expect(store.set('schedules.maxShiftHours', '24')).toBe(24);
    expect(() => store.set('schedules.maxShiftHours', '25')).toThrow(/invalid value for schedules.maxShiftHours/);
    expect(store.get('schedules.maxShiftHours')).toBe(24);
  });
});

describe('data directory', () => {
  it('prefers the flag, then GATEWAY_DATA_DIR, then the per-user default', () => {
    expect(resolveDataDir('/srv/gw', { GATEWAY_DATA_DIR: '/env/gw' })).toBe('/srv/gw');
    expect(resolveDataDir(undefined, { GATEWAY_DATA_DIR: '/env/gw' })).toBe('/env/gw');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/home/u/.data' })).toMatch(/argus-gateway$/);
  });

  it('follows each platform convention', () => {
    expect(defaultDataDir({}, 'linux', '/home/op')).toBe('/home/op/.local/share/argus-gateway');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/op')).toBe('/x/argus-gateway');
    expect(defaultDataDir({}, 'darwin', '/Users/op')).toBe('/Users/op/Library/Application Support/argus-gateway');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32', 'C:\\Users\\op')).toContain('argus-gateway');
  });
});
