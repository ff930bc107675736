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
 *
 * Record versions: v1 authenticated the system; v2 the system and the host;
 * v3 (written now) also the user name and rotation time shown by
 * `credentials status`, so editing them in the database is noticed. Older
 * versions are still read (their user name is checked against the encrypted
 * one) and are written as v3 the next time they are stored.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CredentialStatusView } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import type { DataKeyProvider } from './key-file.ts';
import { cleanLine } from '../text/clean.ts';

export const credentialSystems = ['onec', 'mce'] as const;
export type CredentialSystem = (typeof credentialSystems)[number];

export interface Credential {
  username: string;
  password: string;
}

const sealedSchema = z.union([
  z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string(), username: z.string(), rotatedAt: z.string() }),
  z.object({ v: z.literal(2), iv: z.string(), tag: z.string(), data: z.string(), username: z.string(), rotatedAt: z.string(), origin: z.string().nullable() }),
  z.object({ v: z.literal(3), iv: z.string(), tag: z.string(), data: z.string(), username: z.string(), rotatedAt: z.string(), origin: z.string().nullable() }),
]);
type Sealed = z.output<typeof sealedSchema>;

/** What the ciphertext holds. */
const credentialSchema = z.object({ username: z.string(), password: z.string() });

/** GCM tags are 16 bytes; a shorter one (Node accepts 4) would make forging a record cheap. */
const TAG_BYTES = 16;

/** The origin of an endpoint URL ("http://zup.example:8080"), or null when there is none. */
export function endpointOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function aad(system: CredentialSystem, sealed: { v: 1 | 2 | 3; origin?: string | null; username?: string; rotatedAt?: string }): Buffer {
  // v1 authenticated the system only; v2 the system and the host; v3 also what status shows beside them.
  if (sealed.v === 1) return Buffer.from(system);
  if (sealed.v === 2) return Buffer.from(`${system}\n${sealed.origin ?? ''}`);
  return Buffer.from(JSON.stringify([system, sealed.origin ?? null, sealed.username, sealed.rotatedAt]));
}

function unreadable(system: CredentialSystem): GatewayError {
  // Permanent: reading the same bytes again cannot succeed. The stored value is never quoted: it may hold the secret.
  return new GatewayError('credential_unreadable', `the stored ${system} credentials are unreadable: set them again with "gatewayctl credentials set ${system} --user U --password-stdin"`, 'permanent');
}

function tampered(system: CredentialSystem): GatewayError {
  return new GatewayError(
    'credential_unreadable',
    `the stored ${system} credentials cannot be decrypted (wrong or replaced key file, or tampered data); set them again with "gatewayctl credentials set ${system}"`,
    'permanent',
  );
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
    const bound = sealed.v === 1 ? null : sealed.origin;
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

  /**
   * Whether they are set, for whom, when and for which host. The record is
   * decrypted to show it: what status shows is covered by the integrity check.
   */
  status(system: CredentialSystem): CredentialStatusView {
    const sealed = this.sealed(system);
    if (sealed) this.open(system, sealed);
    return {
      system,
      configured: sealed !== null,
      username: sealed?.username ?? null,
      rotatedAt: sealed?.rotatedAt ?? null,
      boundTo: sealed && sealed.v !== 1 ? sealed.origin : null,
    };
  }

  remove(system: CredentialSystem): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(`credential.${system}`);
  }

  private seal(system: CredentialSystem, cred: Credential, origin: string | null, rotatedAt: string): CredentialStatusView {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey(), iv, { authTagLength: TAG_BYTES });
    // Authenticated data: a sealed 1C password cannot be replayed as MCE's, re-bound, or shown under another name by editing.
    cipher.setAAD(aad(system, { v: 3, origin, username: cred.username, rotatedAt }));
    const data = Buffer.concat([cipher.update(JSON.stringify(cred), 'utf8'), cipher.final()]);
    const sealed: Sealed = { v: 3, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'), username: cred.username, rotatedAt, origin };
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(`credential.${system}`, JSON.stringify(sealed), new Date(this.clock.now()).toISOString());
    return { system, configured: true, username: cred.username, rotatedAt, boundTo: origin };
  }

  private open(system: CredentialSystem, sealed: Sealed): Credential {
    const tag = Buffer.from(sealed.tag, 'base64');
    if (tag.length !== TAG_BYTES) throw tampered(system);
    // A key that cannot be had says why (missing, in the desktop's keychain); only a failed decryption means tampering.
    const key = this.dataKey();
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(system, sealed));
      decipher.setAuthTag(tag);
      plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw tampered(system);
    }
    let json: unknown;
    try {
      json = JSON.parse(plain);
    } catch {
      throw unreadable(system);
    }
    const parsed = credentialSchema.safeParse(json);
    if (!parsed.success) throw unreadable(system);
    const cred = parsed.data;
    // Before v3 the user name beside the ciphertext was not authenticated: the encrypted one is the truth.
    if (sealed.v !== 3 && cred.username !== sealed.username) {
      throw new GatewayError(
        'credential_unreadable',
        `the stored ${system} credentials were tampered with: the user name stored beside them ("${clipName(sealed.username)}") is not the one they were set for; set them again with "gatewayctl credentials set ${system} --user U --password-stdin"`,
        'permanent',
      );
    }
    return cred;
  }

  private sealed(system: CredentialSystem): Sealed | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(`credential.${system}`) as { value: string } | undefined;
    if (!row) return null;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      // JSON.parse's message quotes the value: never let it out.
      throw unreadable(system);
    }
    const parsed = sealedSchema.safeParse(value);
    if (!parsed.success) throw unreadable(system);
    return parsed.data;
  }
}

/** An edited user name is quoted in the message: short and on one line. */
function clipName(s: string): string {
  const one = cleanLine(s);
  return one.length > 60 ? `${one.slice(0, 60)}…` : one;
}
