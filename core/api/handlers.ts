/**
 * One handler per contract method. Adding an operation = a schema entry in
 * core/contract/methods.ts + a handler here (the type checker asks for it).
 */
import type { contract } from '../contract/index.ts';
import type { ConsoleBackend } from './backend.ts';
import type { HandlersOf } from './dispatcher.ts';
import { mceHandlers } from '../mce/handlers.ts';

export type ConsoleHandlers = HandlersOf<typeof contract>;
/** Methods whose handlers live beside their feature and are composed in gateway-backend.ts. */
type Composed = `${'audit' | 'queue' | 'schedule' | 'config' | 'credentials' | 'onec' | 'health' | 'plans' | 'directory'}.${string}`;

export function createHandlers(b: ConsoleBackend): Omit<ConsoleHandlers, Extract<keyof ConsoleHandlers, Composed>> {
  return {
    'app.info': () => ({ ...b.app }),
    ...mceHandlers(b.mce),
  };
}
