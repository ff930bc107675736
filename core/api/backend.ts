/**
 * What the console's handlers need from the engine. The composition root's
 * Gateway provides it (see fromGateway in gateway-backend.ts); tests can build
 * it from a real SyncService and a temp database.
 */
import type { ApplyResult, Employee, PlanStatus, PlanSummary, ConfigValue, PlanItem, PlanFacets } from '../contract/index.ts';
import type { MceService } from '../mce/service.ts';

type MaybePromise<T> = T | Promise<T>;

export interface PlanItemQuery {
  action?: PlanItem['action'] | PlanItem['action'][];
  entity?: PlanItem['entity'];
  departmentId?: string;
  area?: string;
  search?: string;
  excluded?: boolean;
  offset?: number;
  limit?: number;
}

export interface SyncApi {
  createPlan(args: { from: string; to: string; createdBy: string }): MaybePromise<PlanSummary>;
  listPlans(args: { status?: PlanStatus; offset?: number; limit?: number }): MaybePromise<{ total: number; plans: PlanSummary[] }>;
  getPlan(id: number): MaybePromise<PlanSummary | null | undefined>;
  listItems(planId: number, filter: PlanItemQuery): MaybePromise<{ total: number; items: PlanItem[]; facets: PlanFacets }>;
  setExcluded(planId: number, externalIds: string[], excluded: boolean, by: string): MaybePromise<unknown>;
  approve(planId: number, args: { by: string; comment?: string; confirmMassDeactivation?: boolean }): MaybePromise<unknown>;
  reject(planId: number, args: { by: string; reason: string }): MaybePromise<unknown>;
  apply(planId: number, args: { by?: string }): MaybePromise<ApplyResult>;
}

export interface DirectoryQuery {
  search?: string;
  active?: boolean;
  departmentId?: string;
  area?: string;
  offset: number;
  limit: number;
}

export interface DirectoryApi {
  list(q: DirectoryQuery): MaybePromise<{ total: number; employees: Employee[] }>;
}

export interface AppFacts {
  version: string;
  host: 'desktop' | 'web';
  dataDir: string;
  zone: string;
  startedAt: string;
  demo: boolean;
  actor: string;
}

export interface ConsoleBackend {
  sync: SyncApi;
  directory: DirectoryApi;
  app: AppFacts;
  /** Live agent status and identity (MCE). */
  mce: MceService;
}

export type { ConfigValue };
