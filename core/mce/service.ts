/**
 * The MCE side of the gateway (work in progress: listener and identity land in
 * the following commits). Until then every method says so.
 */
import type { AgentLink, AgentsList, IdentityReport, MceStatus, MceTestResult } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';

function notYet(): never {
  throw new GatewayError('not_built', 'the MCE listener is being built', 'permanent');
}

export class MceService {
  list(): AgentsList {
    return notYet();
  }
  identity(_q: { kind?: string; search?: string; offset: number; limit: number }): IdentityReport {
    return notYet();
  }
  link(_login: string, _externalId: string | null, _actor: string): AgentLink {
    return notYet();
  }
  unlink(_login: string, _actor: string): { login: string; removed: boolean } {
    return notYet();
  }
  status(): MceStatus {
    return notYet();
  }
  testConnection(): Promise<MceTestResult> {
    return notYet();
  }
}
