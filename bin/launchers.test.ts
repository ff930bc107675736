/**
 * The entry points check the Node version before any TypeScript is loaded. An
 * older Node is played by this one with process.versions.node set to 20.20.2 by
 * a preload: the launcher must print its one sentence and exit 2 having loaded
 * nothing else (a real Node 20 could not parse what follows).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const asNode20 = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.20.2'})`;

function run(script: string, args: string[], opts: { old?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [...(opts.old ? ['--import', asNode20] : []), join(here, script), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, npm_lifecycle_event: '', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sentence = /^(\S+|"npm [^"]+") needs Node\.js 24\.2 or newer and this is Node 20\.20\.2: run /;

describe('the Node version check of every entry point', () => {
  it('gatewayctl: one sentence on stderr, exit 2, nothing run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-launcher-'));
    try {
      const r = run('gatewayctl.mjs', ['--data-dir', join(dir, 'data'), 'config', 'get'], { old: true });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(sentence);
      expect(lines[0]).toMatch(/"npx gatewayctl"/);
      // The command did not run: it would have made the data directory.
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve and the npm scripts (test, serve, bench) say what to run in the same way', () => {
    const serve = run('serve.mjs', ['--port', '0'], { old: true });
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(sentence);
    expect(serve.stderr).toMatch(/"npm run serve"/);
    for (const [event, how] of [['test', 'npm test'], ['serve', 'npm run serve'], ['bench', 'npm run bench']] as const) {
      const r = run('check-node.mjs', [], { old: true, env: { npm_lifecycle_event: event } });
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`"${how}" needs Node.js 24.2 or newer and this is Node 20.20.2: run `);
    }
  });

  it('passes a current Node through to the command', () => {
    expect(run('check-node.mjs', [], { env: { npm_lifecycle_event: 'test' } })).toMatchObject({ code: 0, stderr: '' });
    const help = run('gatewayctl.mjs', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: gatewayctl/);
    const status = run('gatewayctl.mjs', ['--data-dir', join(tmpdir(), `argus-none-${process.pid}`), 'status']);
    expect(status.code).toBe(3);
    const serveHelp = run('serve.mjs', ['--help']);
    expect(serveHelp.code).toBe(0);
    expect(serveHelp.stdout).toMatch(/--token-file[\s\S]*--tls-cert[\s\S]*--insecure-bind/);
  });
});
