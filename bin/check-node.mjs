// Which Node runs this process, checked before any TypeScript file is loaded:
// an older Node cannot even parse them, and its errors ("Unknown file extension
// .ts", "Map.groupBy is not a function") never say that the Node is the problem.
// Plain JavaScript that any Node from 14 on parses, on purpose.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** import.meta.main (the entry points' "am I the main module") arrived in 24.2. */
export const MINIMUM = { major: 24, minor: 2 };

export const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

/** Platforms the npm registry has a Node 24 package for (package.json optionalDependencies). */
const BUNDLED = ['linux-x64', 'linux-arm64', 'win32-x64', 'darwin-x64'];

export function tooOld(version) {
  const [major, minor] = String(version).replace(/^v/, '').split('.').map(Number);
  if (!Number.isFinite(major)) return true;
  return major < MINIMUM.major || (major === MINIMUM.major && (minor || 0) < MINIMUM.minor);
}

/**
 * The one sentence an entry point started on an older Node prints: what to run instead.
 * `how` is the command people use (npm run serve, npx gatewayctl …, npm test).
 */
export function oldNodeSentence({ tool, how, version, bundledNode, platform }) {
  const needs = `${tool} needs Node.js ${MINIMUM.major}.${MINIMUM.minor} or newer and this is Node ${String(version).replace(/^v/, '')}`;
  if (bundledNode) return `${needs}: run it as "${how}" from ${root}, which starts it on the project's own Node 24 (node_modules/.bin/node).`;
  if (BUNDLED.includes(platform)) return `${needs}: run "npm install" in ${root} (it brings Node 24 for ${platform} into node_modules), then "${how}".`;
  return `${needs}: the npm registry has no Node 24 package for ${platform} that npm install could bring, so install Node.js 24 (nodejs.org), put it first on PATH, then run "${how}".`;
}

/** Exits 2 with the sentence when this Node is too old; returns otherwise. */
export function requireNode(tool, how) {
  if (!tooOld(process.versions.node)) return;
  const bundledNode = existsSync(join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node'));
  process.stderr.write(`${oldNodeSentence({ tool, how, version: process.versions.node, bundledNode, platform: `${process.platform}-${process.arch}` })}\n`);
  process.exit(2);
}

/** Run as a script (npm scripts call it first: `node bin/check-node.mjs && vite build …`). */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const event = process.env.npm_lifecycle_event;
  const how = !event ? 'npm test' : event === 'test' ? 'npm test' : `npm run ${event}`;
  requireNode(event ? `"${how}"` : 'this command', how);
}
