import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractCallError } from '../client/types.ts';
import { renderConsole } from '../test/render.tsx';
import { errorCode, GatewayErrorText } from './GatewayErrorText.tsx';

const stale = 'stale plan: the directory changed since plan 4 was computed; generate a new plan';

describe('gateway errors', () => {
  it('explain a known refusal in the operator language and keep the gateway message verbatim', () => {
    renderConsole(<GatewayErrorText error={new ContractCallError('plans.apply', { code: 'plan_stale', message: stale, kind: 'permanent' })} />, { language: 'ru' });
    expect(screen.getByText(/^План устарел: справочник изменился/)).toBeTruthy();
    expect(screen.getByText(`Сообщение шлюза: ${stale}`)).toBeTruthy();
  });

  it('recognise a plan refusal wrapped by the queue by its message', () => {
    expect(errorCode(new ContractCallError('plans.apply', { code: 'operation_failed', message: stale, kind: 'permanent' }))).toBe('plan_stale');
    expect(errorCode(new ContractCallError('plans.apply', { code: 'operation_failed', message: 'plan 3 expired at 2026-11-25T10:00:00Z; generate a new plan', kind: 'permanent' }))).toBe('plan_expired');
    expect(errorCode(new ContractCallError('plans.apply', { code: 'timeout', message: 'the gateway did not answer', kind: 'unknown_outcome' }))).toBe('timeout');
    expect(errorCode(new Error('plain'))).toBeNull();
  });

  it('show an unknown error as it came', () => {
    renderConsole(<GatewayErrorText error={new Error('disk full: /var/lib/argus')} />);
    expect(screen.getByText('disk full: /var/lib/argus')).toBeTruthy();
  });
});
