#!/usr/bin/env node
// gatewayctl's entry point (package.json "bin"): checks the Node version first,
// then loads the TypeScript CLI, which an older Node could not parse.
import { requireNode } from './check-node.mjs';

requireNode('gatewayctl', 'npx gatewayctl');
const { main } = await import('../cli/gatewayctl.ts');
process.exitCode = await main(process.argv.slice(2));
