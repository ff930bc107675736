/**
 * The desktop app's own settings, in the user's app data (desktop-settings.json,
 * owner-only), not in the gateway's database: in attach mode there is none here.
 * Which notifications, start at login, the language of the tray, whether the
 * close-to-tray notice was shown, and the attached gateway with its token sealed
 * by the OS keychain. A missing or damaged file gives the defaults (and says so).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { AttachedGateway, NotificationSwitches } from '../core/contract/index.ts';
import { notificationSwitchesSchema } from '../core/contract/index.ts';
import { normalizeFingerprint, parseGatewayUrl, sealToken, unsealToken, type AttachTarget, type TokenSealer } from './attach.ts';
import type { Lang } from './text.ts';

const storedTokenSchema = z.union([z.object({ sealed: z.string().min(1) }).strict(), z.object({ plain: z.string().min(1) }).strict()]);

const fileSchema = z.object({
  notifications: notificationSwitchesSchema.partial().default({}),
  startAtLogin: z.boolean().default(false),
  language: z.enum(['ru', 'en']).nullable().default(null),
  closeNoticeShown: z.boolean().default(false),
  attach: z
    .object({
      url: z.string().min(1),
      wsUrl: z.string().min(1),
      fingerprint: z.string().nullable(),
      token: storedTokenSchema,
    })
    .nullable()
    .default(null),
});
type StoredFile = z.output<typeof fileSchema>;

export const DEFAULT_SWITCHES: NotificationSwitches = { planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true };

export interface StoredAttach {
  url: string;
  wsUrl: string;
  fingerprint: string | null;
  /** The token, unsealed; null when the keychain cannot open it (the reason says why). */
  token: string | null;
  tokenProblem: string | null;
  tokenProtection: AttachedGateway['tokenProtection'];
}

export class DesktopSettingsStore {
  private readonly file: string;
  private readonly safe: TokenSealer;
  private readonly log: (line: string) => void;
  private data: StoredFile;

  constructor(file: string, safe: TokenSealer, log: (line: string) => void) {
    this.file = file;
    this.safe = safe;
    this.log = log;
    this.data = this.read();
  }

  private read(): StoredFile {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`desktop settings ${this.file} cannot be read (${(e as Error).message}): using the defaults`);
      return fileSchema.parse({});
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      this.log(`desktop settings ${this.file} are damaged (${parsed.error.issues[0]?.message ?? 'unknown'}): using the defaults`);
      return fileSchema.parse({});
    }
    return parsed.data;
  }

  /** Temp file and rename: a crash never leaves half a file; owner-only, it may hold the token. */
  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
    if (process.platform !== 'win32') chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  get notifications(): NotificationSwitches {
    return { ...DEFAULT_SWITCHES, ...this.data.notifications };
  }

  setNotifications(patch: Partial<NotificationSwitches>): NotificationSwitches {
    this.data = { ...this.data, notifications: { ...this.notifications, ...patch } };
    this.write();
    return this.notifications;
  }

  get startAtLogin(): boolean {
    return this.data.startAtLogin;
  }

  setStartAtLogin(enabled: boolean): void {
    this.data = { ...this.data, startAtLogin: enabled };
    this.write();
  }

  get language(): Lang | null {
    return this.data.language;
  }

  setLanguage(language: Lang): void {
    if (this.data.language === language) return;
    this.data = { ...this.data, language };
    this.write();
  }

  get closeNoticeShown(): boolean {
    return this.data.closeNoticeShown;
  }

  markCloseNoticeShown(): void {
    this.data = { ...this.data, closeNoticeShown: true };
    this.write();
  }

  get keychain(): boolean {
    return this.safe.isEncryptionAvailable();
  }

  attach(): StoredAttach | null {
    const a = this.data.attach;
    if (!a) return null;
    const protection = 'sealed' in a.token ? 'keychain' : 'file';
    // The file is read as the form was: where the token goes (and whether over TLS, pinned) follows from
    // the address and the pin, never from a stored socket URL that could say ws:// beside a pin.
    let where: { url: string; wsUrl: string; fingerprint: string | null };
    try {
      const parsed = parseGatewayUrl(a.url);
      const fingerprint = a.fingerprint === null ? null : normalizeFingerprint(a.fingerprint);
      if (fingerprint && !parsed.secure) throw new Error('a certificate pin beside a plain http:// address');
      where = { url: parsed.url, wsUrl: parsed.wsUrl, fingerprint };
    } catch (e) {
      const problem = `the attached gateway in ${this.file} is damaged (${(e as Error).message}): the token is not sent; attach again in Settings, Desktop`;
      return { url: a.url, wsUrl: a.wsUrl, fingerprint: a.fingerprint, token: null, tokenProblem: problem, tokenProtection: protection };
    }
    try {
      return { ...where, token: unsealToken(a.token, this.safe), tokenProblem: null, tokenProtection: protection };
    } catch (e) {
      return { ...where, token: null, tokenProblem: (e as Error).message, tokenProtection: protection };
    }
  }

  setAttach(target: AttachTarget): void {
    if (!this.safe.isEncryptionAvailable()) this.log('the system keychain is not available: the gateway token is kept in an owner-only file instead');
    this.data = { ...this.data, attach: { url: target.url, wsUrl: target.wsUrl, fingerprint: target.fingerprint, token: sealToken(target.token, this.safe) } };
    this.write();
  }

  clearAttach(): void {
    this.data = { ...this.data, attach: null };
    this.write();
  }
}
