/**
 * What the console's handlers need from the engine. The composition root's
 * Gateway provides it (see fromGateway in gateway-backend.ts); tests can build
 * it from a real SyncService and a temp database.
 */
import type { ConfigValue } from '../contract/index.ts';
import type { MceService } from '../mce/service.ts';

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
  app: AppFacts;
  /** Live agent status and identity (MCE). */
  mce: MceService;
}

export type { ConfigValue };
