/**
 * Credentials at rest: AES-256-GCM with a random IV and the auth tag, under a
 * data key from a DataKeyProvider. Plain secrets never leave this module except
 * to the client that needs them; what others see is `CredentialStatus`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
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

export interface CredentialStatus {
  system: CredentialSystem;
  configured: boolean;
  username: string | null;
  rotatedAt: string | null;
}

const sealedSchema = z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string(), username: z.string(), rotatedAt: z.string() });

export class CredentialVault {
  private readonly db: Db;
  private readonly keys: DataKeyProvider;
  private readonly clock: Clock;
  private key: Buffer | null = null;

  constructor(db: Db, keys: DataKeyProvider, clock: Clock) {
    this.db = db;
    this.keys = keys;
    this.clock = clock;
  }

  private dataKey(): Buffer {
    this.key ??= this.keys.load();
    return this.key;
  }

  set(system: CredentialSystem, cred: Credential): CredentialStatus {
    if (!cred.username.trim()) throw new GatewayError('credential_invalid', 'the user name must not be empty');
    if (!cred.password) throw new GatewayError('credential_invalid', 'the password must not be empty');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey(), iv);
    // The system name is authenticated data: a sealed 1C password cannot be replayed as MCE's.
    cipher.setAAD(Buffer.from(system));
    const data = Buffer.concat([cipher.update(JSON.stringify(cred), 'utf8'), cipher.final()]);
    const rotatedAt = new Date(this.clock.now()).toISOString();
    const sealed = { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'), username: cred.username, rotatedAt };
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(`credential.${system}`, JSON.stringify(sealed), rotatedAt);
    return { system, configured: true, username: cred.username, rotatedAt };
  }

  get(system: CredentialSystem): Credential | null {
    const sealed = this.sealed(system);
    if (!sealed) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.dataKey(), Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(system));
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

  status(system: CredentialSystem): CredentialStatus {
    const sealed = this.sealed(system);
    return { system, configured: sealed !== null, username: sealed?.username ?? null, rotatedAt: sealed?.rotatedAt ?? null };
  }

  remove(system: CredentialSystem): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(`credential.${system}`);
  }

  private sealed(system: CredentialSystem): z.output<typeof sealedSchema> | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(`credential.${system}`) as { value: string } | undefined;
    if (!row) return null;
    const parsed = sealedSchema.safeParse(JSON.parse(row.value));
    if (!parsed.success) throw new GatewayError('credential_unreadable', `the stored ${system} credentials are malformed; set them again`);
    return parsed.data;
  }
}
