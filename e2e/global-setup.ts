// Vitest globalSetup of the e2e project: the browser opens the built console.
import { ensureRendererBuilt } from './support/build.ts';

export default function setup(): void {
  ensureRendererBuilt();
}
