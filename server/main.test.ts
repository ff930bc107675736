import { mkdtempSync, rmSync } from 'node:fs';
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

  it('explains bad usage and a busy port', async () => {
    await expect(serveFromArgs(['--port', 'eighty'])).rejects.toThrow(UsageError);
    await expect(serveFromArgs(['--bogus'])).rejects.toThrow(/bogus/);
    const lines: string[] = [];
    expect(await serveFromArgs(['--help'], (l) => lines.push(l))).toBeNull();
    expect(lines[0]).toContain('--data-dir');

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
