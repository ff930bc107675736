import { describe, expect, it } from 'vitest';
import { configSetInput, events, isMethodName, matchesMethod, methods, plansCreateInput, plansItemsInput, requestFrameSchema } from './index.ts';

describe('contract registry', () => {
  it('names every method and event as area.verb and gives each a summary', () => {
    for (const [name, def] of Object.entries(methods)) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(def.summary.length).toBeGreaterThan(5);
      expect(['query', 'command']).toContain(def.kind);
    }
    for (const name of Object.keys(events)) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });

  it('recognises only its own method names (no prototype keys)', () => {
    expect(isMethodName('plans.list')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(isMethodName(42)).toBe(false);
  });

  it('matches invalidation patterns by exact name or prefix', () => {
    expect(matchesMethod('plans.', 'plans.items')).toBe(true);
    expect(matchesMethod('plans.', 'directory.list')).toBe(false);
    expect(matchesMethod('plans.get', 'plans.get')).toBe(true);
    expect(matchesMethod('plans.get', 'plans.getAll')).toBe(false);
  });
});

describe('contract schemas', () => {
  it('applies paging defaults and bounds the page size', () => {
    expect(plansItemsInput.parse({ planId: 1 })).toMatchObject({ offset: 0, limit: 200 });
    expect(plansItemsInput.safeParse({ planId: 1, limit: 1_000_000 }).success).toBe(false);
    expect(plansItemsInput.safeParse({ planId: 1, bogus: true }).success).toBe(false);
  });

  it('refuses a period that ends before it starts, or a date that does not exist', () => {
    expect(plansCreateInput.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(plansCreateInput.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    expect(plansCreateInput.parse({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ from: '2026-01-01', to: '2026-01-31' });
  });

  it('never lets a credential key through config.set', () => {
    for (const key of ['onec.password', 'mce.apiToken', 'vault.secretKey']) {
      expect(configSetInput.safeParse({ key, value: 'x' }).success).toBe(false);
    }
    expect(configSetInput.safeParse({ key: 'onec.baseUrl', value: 'http://x' }).success).toBe(true);
  });

  it('accepts only well-formed request frames', () => {
    expect(requestFrameSchema.safeParse({ id: 1, method: 'plans.list', input: {} }).success).toBe(true);
    expect(requestFrameSchema.safeParse({ id: 1, method: 'plans.list', extra: 1 }).success).toBe(false);
    expect(requestFrameSchema.safeParse({ method: 'plans.list' }).success).toBe(false);
  });
});
