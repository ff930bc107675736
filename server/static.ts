/**
 * Serves the built console (renderer/dist): content types, a strict CSP,
 * no path escapes. The console is one page with a hash router: `/`,
 * `/index.html` and the built files are all there is, so any other path is a
 * 404 (a scanner asking for /.env or /wp-admin must not get the page with 200).
 * Source maps are never served, nor dot files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { CONSOLE_CSP, contentTypeOf, resolveInside } from '../core/api/console-assets.ts';

export { CONSOLE_CSP };

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // The console URL carries the token: never send it to anyone as a referrer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

async function fileOf(path: string): Promise<{ size: number } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size } : null;
  } catch {
    return null;
  }
}

/** Source maps and dot files (.env, .git): never served, whatever the directory holds. */
function hiddenPath(relative: string): boolean {
  const segments = relative.split(sep).filter(Boolean);
  return segments.some((s) => s.startsWith('.')) || /\.map$/i.test(relative);
}

export function createStaticHandler(root: string) {
  return async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const target = resolveInside(root, pathname === '/' ? '/index.html' : pathname);
    if (!target) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path\n');
      return;
    }
    const file = target;
    // A production build has no maps (vite.config.ts); one left in the directory still reveals the sources.
    const info = hiddenPath(target.slice(resolve(root).length)) ? null : await fileOf(file);
    if (!info) {
      const index = await fileOf(join(resolve(root), 'index.html'));
      if (!index) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`the console is not built (no ${join(root, 'index.html')}): run "npm run build:web" and restart\n`);
        return;
      }
      // Browsers ask for it on their own; an empty answer keeps their console clean.
      if (pathname === '/favicon.ico') return void res.writeHead(204).end();
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const isIndex = file.endsWith(`${sep}index.html`);
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(info.size),
      // Vite fingerprints assets: cache them forever; index.html always fresh.
      'Cache-Control': isIndex ? 'no-store' : pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
