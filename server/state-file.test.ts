/**
 * The state file of a serving host: written once the port is bound, removed on a
 * clean stop, seen as stale when its process is gone (SIGKILL), a second host
 * on the same directory refused while the first lives.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveFromArgs, UsageError, type Served } from './main.ts';
import { claimServeState, processStart, readServeState, stateFileOf, type ServeState } from './state-file.ts';

const dirs: string[] = [];
let running: Served | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'argus-state-'));
  dirs.push(d);
  return d;
};

/** A pid that belonged to a process that has ended. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('the serve state file', () => {
  it('names the running host (pid, since, address, version), and goes when it stops', async () => {
    const data = tmp();
    running = await serveFromArgs(['--port', '0', '--data-dir', data], () => {});
    const r = readServeState(data);
    expect(r.running).toBe(true);
    const s = (r as { state: ServeState }).state;
    expect(s).toMatchObject({ pid: process.pid, host: '127.0.0.1', port: running!.port, url: running!.url, tls: false, dataDir: data });
    expect(s.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.now() - Date.parse(s.since)).toBeLessThan(60_000);
    expect(readFileSync(stateFileOf(data), 'utf8')).not.toContain(running!.token);
    await running!.close();
    running = null;
    expect(existsSync(stateFileOf(data))).toBe(false);
    expect(readServeState(data)).toEqual({ running: false, stale: null });
  });

  it('refuses a second host on the same data directory while the first lives', async () => {
    const data = tmp();
    running = await serveFromArgs(['--port', '0', '--data-dir', data], () => {});
    const err = await serveFromArgs(['--port', '0', '--data-dir', data], () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`a gateway already serves this data directory (pid ${process.pid}, since ${(readServeState(data) as { state: ServeState }).state.since}, ${running!.url}): stop it first, or give another --data-dir`);
    // The refused start left the first host's file alone.
    expect(readServeState(data).running).toBe(true);
  });

  it('sees a file whose process is gone as stale, and a new host replaces it', async () => {
    const data = tmp();
    const pid = deadPid();
    writeFileSync(stateFileOf(data), JSON.stringify({ pid, since: '2026-01-01T00:00:00.000Z', host: '127.0.0.1', port: 1, url: 'http://127.0.0.1:1', tls: false, version: '0.0.1', dataDir: data, procStart: null }));
    expect(readServeState(data)).toMatchObject({ running: false, stale: { pid } });
    running = await serveFromArgs(['--port', '0', '--data-dir', data], () => {});
    expect(readServeState(data)).toMatchObject({ running: true, state: { pid: process.pid } });
  });

  it('writes its state through no symbolic link planted at its temporary file', () => {
    const data = tmp();
    const victim = join(tmp(), 'victim');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, `${stateFileOf(data)}.${process.pid}.tmp`);
    const claim = claimServeState(data);
    claim.publish({ host: '127.0.0.1', port: 9, url: 'http://127.0.0.1:9', tls: false, version: '1' });
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(lstatSync(stateFileOf(data)).isFile()).toBe(true);
    expect(readServeState(data)).toMatchObject({ running: true, state: { port: 9 } });
    claim.release();
  });

  it('says plainly when something that is not its file stands where the state file goes', () => {
    const data = tmp();
    mkdirSync(stateFileOf(data));
    expect(() => claimServeState(data)).toThrow(new RegExp(`^${stateFileOf(data).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is in the way and cannot be replaced \\(.+\\): remove it`));
  });

  it('does not mistake a later process given the same pid for the host (Linux: its start time differs)', () => {
    const data = tmp();
    const claim = claimServeState(data);
    claim.publish({ host: '127.0.0.1', port: 9, url: 'http://127.0.0.1:9', tls: false, version: '1' });
    expect(readServeState(data).running).toBe(true);
    const s = JSON.parse(readFileSync(stateFileOf(data), 'utf8')) as ServeState;
    if (process.platform === 'linux') {
      expect(s.procStart).toBe(processStart(process.pid));
      writeFileSync(stateFileOf(data), JSON.stringify({ ...s, procStart: String(Number(s.procStart) - 1) }));
      expect(readServeState(data)).toMatchObject({ running: false, stale: { pid: process.pid } });
    } else {
      expect(s.procStart).toBeNull();
    }
    claim.release();
  });
});
