/**
 * Writes the app's icons into assets/ (committed; run again after changing
 * electron/icon-art.ts): `node electron/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconFiles } from './icon-art.ts';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
for (const [path, data] of iconFiles()) {
  const file = join(assets, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${path} (${data.length} bytes)`);
}
