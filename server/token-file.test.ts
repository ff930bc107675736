/** serve --token-file: a stable token, created owner-only, printed only when created or asked for. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveFromArgs, UsageError, type Served } from './main.ts';
import { loadOrCreateToken } from './token-file.ts';

const dirs: string[] = [];
let running: Served | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'argus-token-'));
  dirs.push(d);
  return d;
};

async function session(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status;
}

describe('serve --token-file', () => {
  it('creates the file owner-only with a new token, prints it once, and keeps it across restarts without printing it again', async () => {
    const dir = tmp();
    const file = join(dir, 'secrets', 'access-token');
    const data = join(dir, 'data');
    const first: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', data, '--token-file', file], (l) => first.push(l));
    const token = running!.token;
    expect(readFileSync(file, 'utf8')).toBe(`${token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(first).toContain(`Token: a new one was written to ${file} (owner-only); it is printed this once, in the console URL below`);
    expect(first).toContain(`Console: ${running!.url}/?token=${token}`);
    await running!.close();

    const second: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', data, '--token-file', file], (l) => second.push(l));
    expect(running!.token).toBe(token);
    expect(second.join('\n')).not.toContain(token);
    expect(second).toContain(`Console: ${running!.url}/?token=… with the token in ${file} (serve --show-token prints the whole URL)`);
    expect(await session(running!.url, token)).toBe(204);
    expect(await session(running!.url, 'a'.repeat(64))).toBe(401);
    await running!.close();

    const third: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', data, '--token-file', file, '--show-token'], (l) => third.push(l));
    expect(third).toContain(`Console: ${running!.url}/?token=${token}`);
  });

  it('under systemd (output to the journal) writes a new token to its file without printing it', async () => {
    const dir = tmp();
    const file = join(dir, 'access-token');
    const lines: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', join(dir, 'data'), '--token-file', file], (l) => lines.push(l), { JOURNAL_STREAM: '8:12345' });
    const token = running!.token;
    expect(readFileSync(file, 'utf8')).toBe(`${token}\n`);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines).toContain(`Token: a new one was written to ${file} (owner-only); not printed, as this output goes to the system journal: read the file as the service's user`);
    expect(lines).toContain(`Console: ${running!.url}/?token=… with the token in ${file} (serve --show-token prints the whole URL)`);
  });

  it('takes a token an administrator wrote, making a file readable by others owner-only and saying so', () => {
    const file = join(tmp(), 'token');
    writeFileSync(file, `  ${'Z'.repeat(40)}\n`);
    chmodSync(file, 0o644);
    const t = loadOrCreateToken(file);
    expect(t).toMatchObject({ token: 'Z'.repeat(40), created: false });
    expect(t.notes).toEqual([`the token file ${file} was readable by others (mode 644): made it owner-only (600)`]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never follows a symbolic link where the file should be, nor narrows or takes the file it points to', () => {
    const dir = tmp();
    const elsewhere = join(dir, 'someone-elses');
    writeFileSync(elsewhere, `${'Q'.repeat(40)}\n`);
    chmodSync(elsewhere, 0o644);
    const file = join(dir, 'access-token');
    symlinkSync(elsewhere, file);
    expect(() => loadOrCreateToken(file)).toThrow(`the token file ${file} is a symbolic link: give the path of the file itself`);
    expect(statSync(elsewhere).mode & 0o777).toBe(0o644);
    // A dangling link is not replaced by a new file either (the new token would land where it points).
    const dangling = join(dir, 'dangling');
    symlinkSync(join(dir, 'nowhere'), dangling);
    expect(() => loadOrCreateToken(dangling)).toThrow(/is a symbolic link/);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('refuses a token file that belongs to another user: whoever wrote it knows the token', () => {
    const file = join(tmp(), 'token');
    writeFileSync(file, `${'Z'.repeat(40)}\n`, { mode: 0o600 });
    const mine = statSync(file).uid;
    expect(() => loadOrCreateToken(file, mine + 1)).toThrow(`the token file ${file} belongs to another user (uid ${mine}): it must be this user's own (uid ${mine + 1}); chown it or delete it to have one made`);
    expect(loadOrCreateToken(file, mine).token).toBe('Z'.repeat(40));
  });

  it('refuses a file that holds no token, saying how to get one, and a directory', async () => {
    const dir = tmp();
    for (const content of ['', 'short', 'has spaces in it but is long enough to pass the length'] as const) {
      const file = join(dir, `t${content.length}`);
      writeFileSync(file, content, { mode: 0o600 });
      expect(() => loadOrCreateToken(file)).toThrow(`the token file ${file} does not hold a token (one line of at least 32 printable characters, no spaces): delete it and start again to have one made`);
    }
    expect(() => loadOrCreateToken(dir)).toThrow(/is not a file/);
    const file = join(dir, 't0');
    await expect(serveFromArgs(['--port', '0', '--data-dir', join(dir, 'data'), '--token-file', file], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(serveFromArgs(['--port', '0', '--data-dir', join(dir, 'data'), '--show-token'], () => {})).rejects.toThrow(/--show-token prints the token of --token-file/);
  });
});
