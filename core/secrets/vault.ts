/**
 * Credentials at rest: AES-256-GCM with a random IV and the auth tag, under a
 * data key from a DataKeyProvider. Plain secrets never leave this module except
 * to the client that needs them; what others see is the console's `CredentialStatusView`.
 *
 * Credentials are bound to the host (URL origin) they were set for: pointing
 * onec.url at another server must not send it the password meant for the old
 * one. The origin is in the authenticated data, so editing the stored origin
 * makes the record undecryptable rather than re-bound. Records without an
 * origin (set before a URL was configured, or by versions before binding)
 * are bound on first use to the host they are first used with.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CredentialStatusView } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import type { DataKeyProvider } from './key-file.ts';

export const credentialSystems = ['onec', 'mce'] as const;
export type CredentialSystem = (typeof credentialSystems)[number];

export interface Credential {
  username: string;
  password: string;
}

const sealedSchema = z.union([
  z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string(), username: z.string(), rotatedAt: z.string() }),
  z.object({ v: z.literal(2), iv: z.string(), tag: z.string(), data: z.string(), username: z.string(), rotatedAt: z.string(), origin: z.string().nullable() }),
]);
type Sealed = z.output<typeof sealedSchema>;

/** The origin of an endpoint URL ("http://zup.example:8080"), or null when there is none. */
export function endpointOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function aad(system: CredentialSystem, sealed: { v: 1 | 2; origin?: string | null }): Buffer {
  // v1 records authenticated the system only; v2 the system and the host they are bound to.
  return Buffer.from(sealed.v === 1 ? system : `${system}\n${sealed.origin ?? ''}`);
}

export class CredentialVault {
  private readonly db: Db;
  private readonly keys: DataKeyProvider;
  private readonly clock: Clock;
  private key: Buffer | null = null;

  /** Told when unbound credentials are bound to the host of their first use (the gateway audits it). */
  private readonly onBound: ((system: CredentialSystem, origin: string) => void) | undefined;

  constructor(db: Db, keys: DataKeyProvider, clock: Clock, opts: { onBound?: (system: CredentialSystem, origin: string) => void } = {}) {
    this.db = db;
    this.keys = keys;
    this.clock = clock;
    this.onBound = opts.onBound;
  }

  private dataKey(): Buffer {
    this.key ??= this.keys.load();
    return this.key;
  }

  /** Stores (or rotates) the credentials of `system`, bound to `origin` (null: bound on first use). */
  set(system: CredentialSystem, cred: Credential, origin: string | null): CredentialStatusView {
    if (!cred.username.trim()) throw new GatewayError('credential_invalid', 'the user name must not be empty');
    if (!cred.password) throw new GatewayError('credential_invalid', 'the password must not be empty');
    return this.seal(system, cred, origin, new Date(this.clock.now()).toISOString());
  }

  /**
   * The credentials to send to `origin`. Refused when they were set for
   * another host; bound to `origin` when they were not bound yet.
   */
  get(system: CredentialSystem, origin: string | null): Credential | null {
    const sealed = this.sealed(system);
    if (!sealed) return null;
    const bound = sealed.v === 2 ? sealed.origin : null;
    if (bound !== null && bound !== origin) {
      throw new GatewayError(
        'credential_other_host',
        `the stored ${system} credentials were set for ${bound}, but the endpoint now is ${origin ?? 'not configured'}; they are not sent to another host. Set them for the new host with "gatewayctl credentials set ${system} --user U --password-stdin"`,
      );
    }
    const cred = this.open(system, sealed);
    // First use of unbound credentials: bind them to the host they are used with, keeping their rotation time.
    if (bound === null && origin !== null) {
      this.seal(system, cred, origin, sealed.rotatedAt);
      this.onBound?.(system, origin);
    }
    return cred;
  }

  /** Decrypts without using them (health: proves the key still opens the record). */
  verify(system: CredentialSystem): void {
    const sealed = this.sealed(system);
    if (sealed) this.open(system, sealed);
  }

  status(system: CredentialSystem): CredentialStatusView {
    const sealed = this.sealed(system);
    return {
      system,
      configured: sealed !== null,
      username: sealed?.username ?? null,
      rotatedAt: sealed?.rotatedAt ?? null,
      boundTo: sealed?.v === 2 ? sealed.origin : null,
    };
  }

  remove(system: CredentialSystem): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(`credential.${system}`);
  }

  private seal(system: CredentialSystem, cred: Credential, origin: string | null, rotatedAt: string): CredentialStatusView {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey(), iv);
    // The system and host are authenticated data: a sealed 1C password cannot be replayed as MCE's or re-bound by editing.
    cipher.setAAD(aad(system, { v: 2, origin }));
    const data = Buffer.concat([cipher.update(JSON.stringify(cred), 'utf8'), cipher.final()]);
    const sealed: Sealed = { v: 2, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'), username: cred.username, rotatedAt, origin };
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(`credential.${system}`, JSON.stringify(sealed), new Date(this.clock.now()).toISOString());
    return { system, configured: true, username: cred.username, rotatedAt, boundTo: origin };
  }

  private open(system: CredentialSystem, sealed: Sealed): Credential {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.dataKey(), Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(aad(system, sealed));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as Credential;
    } catch {
      throw new GatewayError(
        'credential_unreadable',
        `the stored ${system} credentials cannot be decrypted (wrong or replaced key file, or tampered data); set them again with "gatewayctl credentials set ${system}"`,
      );
    }
  }

  private sealed(system: CredentialSystem): Sealed | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(`credential.${system}`) as { value: string } | undefined;
    if (!row) return null;
    const parsed = sealedSchema.safeParse(JSON.parse(row.value));
    if (!parsed.success) throw new GatewayError('credential_unreadable', `the stored ${system} credentials are malformed; set them again`);
    return parsed.data;
  }
}
