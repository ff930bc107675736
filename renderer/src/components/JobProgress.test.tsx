import { QueryClient } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createFakeClient } from '../client/fake-client.ts';
import { ContractProvider } from '../client/query.tsx';
import { jobForTests } from '../features/schedules/fixtures.ts';
import { useWatchedJobs } from './JobProgress.tsx';

const fetchJob = (id: number, finished: boolean) => jobForTests(id, { kind: 'timesheet_fetch', total: 1, pending: finished ? 0 : 1, completed: finished ? 1 : 0, finished });

describe('useWatchedJobs', () => {
  it('follows the running jobs, keeps one that finished on screen until dismissed, and shows a finished one only when watched', async () => {
    // Job 1 finished before the screen opened; job 2 is running.
    const client = createFakeClient({ 'timesheets.jobs': () => ({ jobs: [fetchJob(2, false), fetchJob(1, true)] }) });
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <ContractProvider client={client} queryClient={qc}>{children}</ContractProvider>;
    const { result } = renderHook(() => useWatchedJobs('timesheet_fetch', 5), { wrapper });
    await waitFor(() => expect(result.current.shown.map((j) => j.id)).toEqual([2]));

    // Job 2 finishes: it stays, with its outcome, until the operator hides it.
    act(() => client.emit('timesheets.fetchProgress', fetchJob(2, true)));
    await waitFor(() => expect(result.current.shown.map((j) => [j.id, j.finished])).toEqual([[2, true]]));
    act(() => result.current.dismiss(2));
    expect(result.current.shown).toEqual([]);

    // A job started here is watched, finished or not.
    act(() => result.current.watch(1));
    expect(result.current.shown.map((j) => j.id)).toEqual([1]);
  });
});
