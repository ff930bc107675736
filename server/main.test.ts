import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveFromArgs, UsageError } from './main.ts';
import type { RunningServer } from './start.ts';

const dirs: string[] = [];
let running: RunningServer | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'argus-main-'));
  dirs.push(d);
  return d;
};

describe('npm run serve', () => {
  it('prints the demo notice and the console URL carrying the token', async () => {
    const lines: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', tmp()], (l) => lines.push(l));
    expect(running).not.toBeNull();
    expect(lines.some((l) => l.startsWith('Demo: built-in simulators'))).toBe(true);
    expect(lines).toContain(`Console: http://127.0.0.1:${running!.port}/?token=${running!.token}`);
  });

  it('answers to the names given with --public-name, repeatable, and refuses a name that is not one', async () => {
    const lines: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', tmp(), '--public-name', 'gw.example.local', '--public-name', 'GW2.example.local'], (l) => lines.push(l));
    expect(lines).toContain('Answers to: gw.example.local, gw2.example.local besides 127.0.0.1, localhost, [::1]');
    const asked = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: running!.port, path: '/health', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await asked('gw2.example.local')).not.toBe(421);
    expect(await asked('gw3.example.local')).toBe(421);
    await expect(serveFromArgs(['--port', '0', '--data-dir', tmp(), '--public-name', 'http://gw.example.local/'])).rejects.toThrow(UsageError);
  });

  it('explains bad usage and a busy port', async () => {
    await expect(serveFromArgs(['--port', 'eighty'])).rejects.toThrow(UsageError);
    await expect(serveFromArgs(['--bogus'])).rejects.toThrow(/bogus/);
    const lines: string[] = [];
    expect(await serveFromArgs(['--help'], (l) => lines.push(l))).toBeNull();
    expect(lines[0]).toContain('--data-dir');
    expect(lines[0]).toMatch(/--public-name[\s\S]*repeatable[\s\S]*421[\s\S]*DNS rebinding/);

    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(serveFromArgs(['--port', String(port), '--data-dir', tmp()], () => {})).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
