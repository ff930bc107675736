import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { command, query } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';
import { createDispatcher, type HandlersOf } from './dispatcher.ts';

const testContract = {
  methods: {
    'math.double': query(z.object({ n: z.number().int(), note: z.string().default('none') }).strict(), z.object({ n: z.number(), note: z.string() }), 'doubles n'),
    'math.store': command(z.object({ n: z.number() }).strict(), z.object({ stored: z.number() }), 'stores n'),
    'math.broken': query(z.object({}).default({}), z.object({ value: z.number() }), 'returns a wrong shape'),
  },
} as const;

function setup(overrides: Partial<HandlersOf<typeof testContract>> = {}) {
  const errors: string[] = [];
  const handlers: HandlersOf<typeof testContract> = {
    'math.double': ({ n, note }) => ({ n: n * 2, note }),
    'math.store': ({ n }, ctx) => {
      if (n < 0) throw new GatewayError('negative', `${ctx.actor} cannot store a negative number`, 'permanent');
      if (n === 13) throw new Error('disk on fire at /secret/path');
      return { stored: n };
    },
    'math.broken': () => ({ value: 'nope' as unknown as number }),
    ...overrides,
  };
  const d = createDispatcher(testContract, handlers, { logger: { error: (m) => errors.push(m) } });
  return { d, errors };
}

const ctx = { actor: 'alice' };

describe('createDispatcher', () => {
  it('runs a handler with the validated input (defaults applied) and returns its result', async () => {
    const { d } = setup();
    expect(await d.dispatch('math.double', { n: 21 }, ctx)).toEqual({ ok: true, result: { n: 42, note: 'none' } });
  });

  it('refuses an unknown method, including prototype names', async () => {
    const { d } = setup();
    for (const m of ['math.triple', 'toString', '__proto__', 'constructor']) {
      const r = await d.dispatch(m, {}, ctx);
      expect(r).toEqual({ ok: false, error: { code: 'unknown_method', message: `unknown method "${m}"`, kind: 'permanent' } });
    }
  });

  it('refuses invalid input naming each bad field', async () => {
    const { d } = setup();
    const r = await d.dispatch('math.double', { n: 'x', extra: 1 }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.kind).toBe('permanent');
    expect(r.error.message).toMatch(/^invalid input for math\.double: /);
    expect(r.error.message).toContain('n: ');
    expect(r.error.message).toContain('extra');
  });

  it('passes a GatewayError through with its code, message and kind', async () => {
    const { d } = setup();
    expect(await d.dispatch('math.store', { n: -1 }, ctx)).toEqual({
      ok: false,
      error: { code: 'negative', message: 'alice cannot store a negative number', kind: 'permanent' },
    });
  });

  it('logs an unexpected error and answers a generic message with a reference, never the internals', async () => {
    const { d, errors } = setup();
    const r = await d.dispatch('math.store', { n: 13 }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('internal_error');
    // A command that blew up may have done part of its work.
    expect(r.error.kind).toBe('unknown_outcome');
    expect(r.error.message).not.toContain('/secret/path');
    const ref = /ref ([0-9a-f]{8})/.exec(r.error.message)?.[1];
    expect(ref).toBeDefined();
    expect(errors.some((e) => e.includes(ref!))).toBe(true);
  });

  it('refuses a result that breaks the contract', async () => {
    const { d, errors } = setup();
    const r = await d.dispatch('math.broken', undefined, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid_output');
    expect(errors[0]).toContain('value');
  });

  it('strips undeclared fields from results so nothing extra crosses', async () => {
    const { d } = setup({ 'math.store': ({ n }) => ({ stored: n, password: 'hunter2' }) as { stored: number } });
    expect(await d.dispatch('math.store', { n: 1 }, ctx)).toEqual({ ok: true, result: { stored: 1 } });
  });

  it('refuses to build without a handler for every method', () => {
    const partial = { 'math.double': vi.fn() } as unknown as HandlersOf<typeof testContract>;
    expect(() => createDispatcher(testContract, partial)).toThrow(/no handler for contract method "math.store"/);
  });
});
