/**
 * Builds the Electron main process and preload into dist-electron/ (CommonJS).
 * `--mode preload` builds the preload: everything bundled except electron,
 * because a sandboxed preload cannot require anything else. The main process
 * keeps node_modules external (better-sqlite3's native module among them):
 * electron-builder ships them, the .node unpacked from the asar.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
const deps = Object.keys(pkg.dependencies ?? {});
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

const mainExternal = (id: string) => id === 'electron' || nodeBuiltins.has(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
const preloadExternal = (id: string) => id === 'electron';

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    root,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist-electron',
      // The main build runs first and clears the directory; the preload adds to it.
      emptyOutDir: !preload,
      target: 'node22',
      minify: false,
      sourcemap: true,
      ssr: !preload,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: (preload ? { preload: 'electron/preload.ts' } : { main: 'electron/main.ts' }) as Record<string, string>,
        external: preload ? preloadExternal : mainExternal,
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  };
});
