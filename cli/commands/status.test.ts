/** gatewayctl status against a real `gatewayctl serve` child: running, stopped cleanly, killed (SIGKILL leaves its file behind). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateFileOf } from '../../server/state-file.ts';
import { makeSelfSignedCert } from '../../server/testing/tls.ts';
import { CLI, gatewayctl } from '../testing/gatewayctl.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'gatewayctl-status-'));
  dirs.push(d);
  return d;
};

async function serve(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, '--data-dir', dir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no console URL printed; output so far: ${out}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Console: (http:\/\/127\.0\.0\.1:\d+)\/\?token=/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('gatewayctl status', () => {
  it('shows the running host (pid, since, address, version), then not running after SIGTERM', async () => {
    const dir = tmp();
    const none = await gatewayctl(dir, ['status']);
    expect(none.code).toBe(3);
    expect(none.stdout).toBe(`not running: no gateway serves ${dir}\n`);

    const { child, url } = await serve(dir);
    const json = await gatewayctl(dir, ['status', '--json']);
    expect(json.code).toBe(0);
    const s = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ running: true, pid: child.pid, url, host: '127.0.0.1', tls: false, dataDir: dir });
    expect(s.version).toMatch(/^\d+\.\d+\.\d+/);
    const human = await gatewayctl(dir, ['status']);
    expect(human.stdout).toMatch(new RegExp(`^running: pid ${child.pid}, since \\S+ \\(up \\d+ s\\)\\naddress: ${url.replace(/\./g, '\\.')}, host 127\\.0\\.0\\.1, port \\d+\\nversion: `));

    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(stateFileOf(dir))).toBe(false);
    expect(JSON.parse((await gatewayctl(dir, ['status', '--json'])).stdout)).toEqual({ running: false, dataDir: dir });
  });

  it('is not fooled by the file a killed host leaves: not running, the stale file named and removed; a new host starts', async () => {
    const dir = tmp();
    const { child } = await serve(dir);
    const exit = exited(child);
    child.kill('SIGKILL');
    await exit;
    expect(existsSync(stateFileOf(dir))).toBe(true);
    const r = await gatewayctl(dir, ['status']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(new RegExp(`^not running: no gateway serves .*\\nthe state file named pid ${child.pid} \\(since \\S+\\), which has ended without removing it \\(a crash or a kill\\); removed\\n$`));
    expect(existsSync(stateFileOf(dir))).toBe(false);

    // Killed again, and this time a new host is started straight away: it replaces the stale file itself.
    const again = await serve(dir);
    const exit2 = exited(again.child);
    again.child.kill('SIGKILL');
    await exit2;
    const third = await serve(dir);
    const s = JSON.parse((await gatewayctl(dir, ['status', '--json'])).stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ running: true, pid: third.child.pid });
  });

  it('says "unknown" and exits 4, not "not running" with 3, when the state file exists but cannot be read', async () => {
    const dir = tmp();
    // A directory where the file should be: EISDIR here, EACCES for a user other than the service's.
    mkdirSync(stateFileOf(dir));
    const r = await gatewayctl(dir, ['status']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(new RegExp(`^unknown: cannot tell whether a gateway serves .*\\n.*serve\\.state\\.json cannot be read: `));
    const json = await gatewayctl(dir, ['status', '--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ running: false, unknown: true });
  });
});

describe('gatewayctl serve, as a service would run it', () => {
  it('refuses a non-loopback address without TLS (exit 2, the reason), and passes --tls-cert, --tls-key and --token-file through', async () => {
    const dir = tmp();
    const refused = await gatewayctl(dir, ['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: refusing to listen on 0\.0\.0\.0 without TLS: .*--insecure-bind/);

    const c = makeSelfSignedCert(tmp());
    const token = join(dir, 'access-token');
    const child = spawn(process.execPath, [CLI, '--data-dir', dir, 'serve', '--port', '0', '--tls-cert', c.certFile, '--tls-key', c.keyFile, '--token-file', token], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no console URL printed; output so far: ${out}`)), 20_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (/Console: /.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(out).toMatch(/^TLS: CN=host\.argus\.test, valid to \S+, SHA-256 fingerprint [0-9A-F:]{95}$/m);
    expect(out).toMatch(new RegExp(`^Token: a new one was written to ${token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `, 'm'));
    expect(out).toMatch(/^Console: https:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/m);
    const s = JSON.parse((await gatewayctl(dir, ['status', '--json'])).stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ running: true, tls: true, url: expect.stringMatching(/^https:/) });
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
