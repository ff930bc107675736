#!/usr/bin/env node
// The headless host's entry point (npm run serve, a systemd unit, a scheduled
// task): checks the Node version first, then loads the TypeScript server.
import { requireNode } from './check-node.mjs';

requireNode('serve', 'npm run serve');
const { main } = await import('../server/main.ts');
await main(process.argv.slice(2));
