import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from './protocol.ts';

const dir = mkdtempSync(join(tmpdir(), 'argus-proto-'));
const dist = join(dir, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dist, 'assets', 'a.js'), 'x()');
writeFileSync(join(dir, 'secret.txt'), 'outside');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the console with its type and the CSP header', async () => {
    const res = await serveAppRequest(dist, 'app://console/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>console</title>');
    expect((await serveAppRequest(dist, 'app://console/assets/a.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the console directory or for another host', async () => {
    for (const url of ['app://console/..%2fsecret.txt', 'app://console/%2e%2e/secret.txt', 'app://console/assets/..%2f..%2fsecret.txt']) {
      const res = await serveAppRequest(dist, url);
      expect(await res.text()).not.toContain('outside');
    }
    expect((await serveAppRequest(dist, 'app://other/index.html')).status).toBe(404);
    expect((await serveAppRequest(dist, 'app://console/missing.js')).status).toBe(404);
  });
});
