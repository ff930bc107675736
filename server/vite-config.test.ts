import { describe, expect, it } from 'vitest';
import type { UserConfig, UserConfigFnObject } from 'vite';
import config from '../vite.config.ts';

const resolve = (mode: string): UserConfig => (config as UserConfigFnObject)({ mode, command: 'build', isSsrBuild: false, isPreview: false });

describe('console build (vite.config.ts)', () => {
  it('writes no source maps in a production build, which the headless host would otherwise serve', () => {
    expect(typeof config).toBe('function');
    expect(resolve('production').build?.sourcemap).toBe(false);
    expect(resolve('development').build?.sourcemap).toBe(true);
  });
});
