/**
 * Compile-time proof that the engine's shapes (core/sync/types.ts) fit the
 * contract's schemas, so core objects pass output validation as they are.
 * `npx tsc` fails here when one side changes without the other.
 */
import type * as contract from '../contract/index.ts';
import type * as sync from '../sync/types.ts';
import type * as directory from '../sync/directory.ts';

type Fits<A, B> = [A] extends [B] ? ([B] extends [A] ? true : 'contract is wider than core') : 'core does not fit the contract';
type Assert<T extends true> = T;

export type ContractCompat = [
  Assert<Fits<sync.PlanSummary, contract.PlanSummary>>,
  Assert<Fits<sync.PlanItem, contract.PlanItem>>,
  Assert<Fits<sync.ApplyResult, contract.ApplyResult>>,
  Assert<Fits<sync.ApplyProgress, contract.EventPayload<'plan.applyProgress'>>>,
  Assert<Fits<sync.PlanStatus, contract.PlanStatus>>,
  Assert<Fits<directory.Employee, contract.Employee>>,
];
