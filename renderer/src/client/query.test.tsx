import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeClient, gatewayError } from './fake-client.ts';
import { samplePlanForTests } from './fixtures.ts';
import { ContractProvider, contractQueryKey, useConnectionState, useContractMutation, useContractQuery, wireInvalidation } from './query.tsx';

describe('contract queries', () => {
  it('keys queries by [method, input]', () => {
    expect(contractQueryKey('plans.items', { planId: 3, search: 'ив' })).toEqual(['plans.items', { planId: 3, search: 'ив' }]);
  });

  it('invalidates the plans.* queries when plan.changed arrives, and nothing else', async () => {
    const client = createFakeClient();
    const qc = new QueryClient();
    qc.setQueryData(contractQueryKey('plans.list', {}), { total: 0, plans: [] });
    qc.setQueryData(contractQueryKey('plans.get', { planId: 1 }), samplePlanForTests(1));
    qc.setQueryData(contractQueryKey('health.summary', {}), { status: 'healthy', checkedAt: 'x', checks: [] });
    const off = wireInvalidation(client, qc);
    client.emit('plan.changed', { planId: 1, status: 'approved' });
    await waitFor(() => expect(qc.getQueryState(contractQueryKey('plans.list', {}))?.isInvalidated).toBe(true));
    expect(qc.getQueryState(contractQueryKey('plans.get', { planId: 1 }))?.isInvalidated).toBe(true);
    expect(qc.getQueryState(contractQueryKey('health.summary', {}))?.isInvalidated).toBe(false);
    off();
  });

  it('invalidates everything after a reconnect (events may have been missed)', async () => {
    const client = createFakeClient();
    const qc = new QueryClient();
    qc.setQueryData(contractQueryKey('health.summary', {}), { status: 'healthy', checkedAt: 'x', checks: [] });
    wireInvalidation(client, qc);
    client.setState('reconnecting');
    expect(qc.getQueryState(contractQueryKey('health.summary', {}))?.isInvalidated).toBe(false);
    client.setState('open');
    await waitFor(() => expect(qc.getQueryState(contractQueryKey('health.summary', {}))?.isInvalidated).toBe(true));
  });

  it('runs queries and mutations through the client, with the gateway message on failure', async () => {
    let approved = false;
    const client = createFakeClient({
      'plans.get': ({ planId }) => samplePlanForTests(planId, approved ? { status: 'approved' } : {}),
      'plans.approve': ({ planId, by }) => {
        if (by === 'nobody') throw gatewayError('plan_stale', 'the directory changed since plan #1 was made');
        approved = true;
        return samplePlanForTests(planId, { status: 'approved', approvedBy: by });
      },
    });
    function Probe({ by }: { by: string }) {
      const plan = useContractQuery('plans.get', { planId: 1 });
      const approve = useContractMutation('plans.approve');
      const state = useConnectionState();
      return (
        <div>
          <span>status: {plan.data?.status ?? 'loading'}</span>
          <span>conn: {state}</span>
          <span>error: {approve.error?.message ?? 'none'}</span>
          <button onClick={() => approve.mutate({ planId: 1, by })}>approve</button>
        </div>
      );
    }
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const view = render(
      <ContractProvider client={client} queryClient={qc}>
        <Probe by="nobody" />
      </ContractProvider>,
    );
    await screen.findByText('status: awaiting_approval');
    await act(async () => screen.getByRole('button', { name: 'approve' }).click());
    await screen.findByText('error: the directory changed since plan #1 was made');

    view.rerender(
      <ContractProvider client={client} queryClient={qc}>
        <Probe by="Анна" />
      </ContractProvider>,
    );
    await act(async () => screen.getByRole('button', { name: 'approve' }).click());
    // The mutation invalidated plans.*: the query refetched and shows the new status.
    await screen.findByText('status: approved');
    act(() => client.setState('reconnecting'));
    await screen.findByText('conn: reconnecting');
  });
});
