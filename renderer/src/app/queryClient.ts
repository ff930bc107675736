// Query defaults: calm (no refetch on focus), and no pointless retries of refused or invalid calls.
import { QueryClient } from '@tanstack/react-query';
import { isContractCallError } from '../client/index.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => {
          if (isContractCallError(error) && (error.kind === 'permanent' || error.code === 'forbidden')) return false;
          return failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
