import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getToken, TestSocket } from './test-client.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');

function run(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line on stdout; stderr: ${err}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const i = out.indexOf('\n');
      if (i >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, i));
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before listening; stderr: ${err}`));
    });
  });
  firstLine.catch(() => undefined);
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr: err })));
  return { child, firstLine, exit };
}

describe('simulators/mce/main.ts as a child process', () => {
  it('prints its URLs as one JSON line once listening, streams, and stops on SIGTERM with exit 0', async () => {
    const p = run(['--port', '0', '--agents', '20', '--events-per-sec', '200', '--seed', '4', '--today', '2026-03-10']);
    try {
      const info = JSON.parse(await p.firstLine) as { url: string; wsUrl: string; agents: number; eventsPerSec: number };
      expect(info).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), wsUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/agent-status$/), agents: 20, eventsPerSec: 200 });
      const s = await TestSocket.open(info.wsUrl, await getToken(info.url));
      expect((await s.next()).type).toBe('snapshot');
      expect((await s.next((f) => f.type === 'status')).seq).toBeGreaterThan(0);
      p.child.kill('SIGTERM');
      expect((await p.exit).code).toBe(0);
      expect((await s.closed).code).toBe(1006);
    } finally {
      p.child.kill('SIGKILL');
    }
  });

  it('exits 2 with a message on bad arguments', async () => {
    for (const [args, message] of [
      [['--agents', 'many'], /--agents must be a number/],
      [['--agents', '5'], /agents must be at least 10/],
      [['--bogus'], /bogus/],
    ] as const) {
      const p = run([...args]);
      const r = await p.exit;
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
