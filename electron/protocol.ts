/**
 * The console is loaded from app://console/, served from renderer/dist with
 * the CSP as a real header (a file:// page could only carry it in a meta tag).
 */
import { readFile } from 'node:fs/promises';
import { contentTypeOf, resolveInside } from '../core/api/console-assets.ts';
import { APP_HOST, CONSOLE_CSP } from './window-policy.ts';

export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

/** Answers one app:// request from the console directory. */
export async function serveAppRequest(distDir: string, url: string): Promise<Response> {
  const u = new URL(url);
  const headers = { 'Content-Security-Policy': CONSOLE_CSP, 'X-Content-Type-Options': 'nosniff' };
  if (u.host !== APP_HOST) return new Response('not found', { status: 404, headers });
  const file = resolveInside(distDir, u.pathname === '/' ? '/index.html' : u.pathname);
  if (!file) return new Response('bad path', { status: 400, headers });
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeOf(file) } });
  } catch {
    return new Response(`not found: ${u.pathname}`, { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
