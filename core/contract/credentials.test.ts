import { describe, expect, it } from 'vitest';
import { credentialStatusSchema, credentialsSetInput, methods } from './index.ts';

describe('credentials in the contract', () => {
  it('has no field that could carry a password back: the status strips one', () => {
    const leaked = { system: 'onec', configured: true, username: 'wfm', rotatedAt: '2026-03-02T10:00:00Z', boundTo: 'http://zup', password: 'p' };
    expect(credentialStatusSchema.parse(leaked)).not.toHaveProperty('password');
    expect(Object.keys(methods['credentials.status'].output.shape)).not.toContain('password');
  });

  it('takes a trimmed, non-empty user name and a bounded password for 1C:ZUP and MCE only', () => {
    expect(credentialsSetInput.parse({ system: 'onec', username: ' wfm ', password: 'p' })).toEqual({ system: 'onec', username: 'wfm', password: 'p' });
    expect(credentialsSetInput.parse({ system: 'mce', username: 'oktell', password: 'p' })).toEqual({ system: 'mce', username: 'oktell', password: 'p' });
    expect(credentialsSetInput.safeParse({ system: 'argus', username: 'wfm', password: 'p' }).success).toBe(false);
    expect(credentialsSetInput.safeParse({ system: 'onec', username: 'wfm', password: '' }).success).toBe(false);
    expect(credentialsSetInput.safeParse({ system: 'onec', username: 'wfm', password: 'x'.repeat(1001) }).success).toBe(false);
    expect(credentialsSetInput.safeParse({ system: 'onec', username: 'x'.repeat(201), password: 'p' }).success).toBe(false);
  });
});
