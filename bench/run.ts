/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command
 * line), each in its own Node process so that peak memory is its own. Each
 * module exports `run()`, which prints its figures and returns them.
 */
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(2);
}

const failed: string[] = [];
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const url = pathToFileURL(join(here, f)).href;
  const script = `const m = await import(${JSON.stringify(url)}); await m.run();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(f);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
