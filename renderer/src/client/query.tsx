/**
 * TanStack Query over the contract. Query keys are `[method, input]`, so
 * invalidating by method name (or 'plans.' prefix) works from the contract's
 * `invalidates` lists: commands invalidate on success, events when they arrive,
 * and a reconnect invalidates everything (events may have been missed).
 */
import { QueryClientProvider, useMutation, useQuery, type QueryClient, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { events, matchesMethod, methods, type MethodDef, type EventName, type EventPayload, type Input, type MethodName, type Output, type QueryName, type CommandName } from '../../../core/contract/index.ts';
import type { ConnectionState, ConsoleClient, ContractCallError } from './types.ts';

export type ContractQueryKey<M extends MethodName> = readonly [M, Input<M>];

export function contractQueryKey<M extends MethodName>(method: M, input: Input<M>): ContractQueryKey<M> {
  return [method, (input ?? {}) as Input<M>] as const;
}

/** Invalidates every cached query whose method matches one of the patterns. */
export function invalidateMethods(queryClient: QueryClient, patterns: readonly string[]): Promise<void> {
  if (patterns.length === 0) return Promise.resolve();
  return queryClient.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && patterns.some((p) => matchesMethod(p, q.queryKey[0] as string)),
  });
}

/** Contract events → query invalidation; a reconnect refetches everything. Returns an unsubscribe. */
export function wireInvalidation(client: ConsoleClient, queryClient: QueryClient): () => void {
  const offs: Array<() => void> = [];
  for (const name of Object.keys(events) as EventName[]) {
    const patterns = events[name].invalidates ?? [];
    if (patterns.length > 0) offs.push(client.subscribe(name, () => void invalidateMethods(queryClient, patterns)));
  }
  let wasLost = false;
  offs.push(
    client.onStateChange((s) => {
      if (s === 'reconnecting') wasLost = true;
      if (s === 'open' && wasLost) {
        wasLost = false;
        void queryClient.invalidateQueries();
      }
    }),
  );
  return () => offs.forEach((off) => off());
}

const ClientContext = createContext<ConsoleClient | null>(null);

/** Wrap the app once: provides the client, the QueryClient and the event wiring. */
export function ContractProvider({ client, queryClient, children }: { client: ConsoleClient; queryClient: QueryClient; children: ReactNode }) {
  useEffect(() => wireInvalidation(client, queryClient), [client, queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
    </QueryClientProvider>
  );
}

export function useConsoleClient(): ConsoleClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useConsoleClient needs a <ContractProvider> above it');
  return client;
}

type QueryOpts<M extends MethodName> = Omit<UseQueryOptions<Output<M>, ContractCallError, Output<M>, ContractQueryKey<M>>, 'queryKey' | 'queryFn'>;

export function useContractQuery<M extends QueryName>(method: M, input: Input<M>, options?: QueryOpts<M>) {
  const client = useConsoleClient();
  return useQuery<Output<M>, ContractCallError, Output<M>, ContractQueryKey<M>>({
    ...options,
    queryKey: contractQueryKey(method, input),
    queryFn: () => client.call(method, input),
  });
}

type MutationOpts<M extends MethodName> = Omit<UseMutationOptions<Output<M>, ContractCallError, Input<M>>, 'mutationFn'>;

export function useContractMutation<M extends CommandName>(method: M, options?: MutationOpts<M>) {
  const client = useConsoleClient();
  const { onSuccess, ...rest } = options ?? {};
  return useMutation<Output<M>, ContractCallError, Input<M>>({
    ...rest,
    mutationFn: (input) => client.call(method, input),
    onSuccess: async (...args) => {
      const queryClient = args[3].client;
      await invalidateMethods(queryClient, (methods[method] as MethodDef).invalidates ?? []);
      await onSuccess?.(...args);
    },
  });
}

/** Calls `fn` for each event; the latest `fn` is used without resubscribing. */
export function useContractEvent<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void): void {
  const client = useConsoleClient();
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  useEffect(() => client.subscribe(event, (p) => ref.current(p)), [client, event]);
}

export function useConnectionState(): ConnectionState {
  const client = useConsoleClient();
  return useSyncExternalStore(
    (cb) => client.onStateChange(cb),
    () => client.state,
  );
}

/** The latest payload of an event (or null), e.g. apply progress of one plan. */
export function useLatestEvent<E extends EventName>(event: E, filter?: (payload: EventPayload<E>) => boolean): EventPayload<E> | null {
  const [latest, setLatest] = useState<EventPayload<E> | null>(null);
  const filterRef = useRef(filter);
  useEffect(() => {
    filterRef.current = filter;
  });
  useContractEvent(event, (p) => {
    if (!filterRef.current || filterRef.current(p)) setLatest(p);
  });
  return latest;
}
