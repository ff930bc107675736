/**
 * Compile-time proof that core/queue's shapes fit the contract's queue
 * schemas, so engine objects pass output validation as they are.
 * `npx tsc` fails here when one side changes without the other.
 */
import type * as contract from '../contract/index.ts';
import type { Attempt, Operation, OperationStatus } from '../queue/model.ts';
import type { OperationType } from '../queue/operation-types.ts';
import type { PausedType, StatusCounts } from '../queue/queries.ts';

type Fits<A, B> = [A] extends [B] ? ([B] extends [A] ? true : 'contract is wider than core') : 'core does not fit the contract';
type Assert<T extends true> = T;

export type QueueContractCompat = [
  Assert<Fits<OperationType, contract.OperationTypeName>>,
  Assert<Fits<OperationStatus, contract.OperationStatusName>>,
  Assert<Fits<Operation, contract.QueueOperation>>,
  Assert<Fits<Attempt, contract.QueueAttempt>>,
  Assert<Fits<PausedType, contract.QueueHealthInfo['pausedTypes'][number]>>,
  Assert<Fits<StatusCounts, contract.StatusCounts>>,
];
