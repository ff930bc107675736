/**
 * `serve --token-file FILE`: a stable access token for a host that runs as a
 * service (a scraper's credentials file and a desktop app attached to it keep
 * working across restarts). Missing: a fresh token is written owner-only (0600),
 * created exclusively so two starts cannot both write one. Present: read, its
 * mode tightened to 0600 if it was wider (and said so), refused if it holds no token.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { newToken } from './auth.ts';

export interface FileToken {
  token: string;
  /** True when this start wrote the file (the only time the token is printed unless asked). */
  created: boolean;
  /** Things worth a log line (a mode that was tightened). */
  notes: string[];
}

/** Printable ASCII without spaces, long enough not to be guessed. */
const TOKEN = /^[\x21-\x7e]{32,512}$/;

export class TokenFileError extends Error {}

export function loadOrCreateToken(file: string): FileToken {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const token = newToken();
    writeFileSync(file, `${token}\n`, { flag: 'wx', mode: 0o600 });
    return { token, created: true, notes: [] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new TokenFileError(`the token file ${file} cannot be created: ${(e as Error).message}`);
  }
  const notes: string[] = [];
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new TokenFileError(`the token file ${file} cannot be read: ${(e as Error).message}`);
  }
  if (!st.isFile()) throw new TokenFileError(`the token file ${file} is not a file`);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    try {
      chmodSync(file, 0o600);
      notes.push(`the token file ${file} was readable by others (mode ${(st.mode & 0o777).toString(8)}): made it owner-only (600)`);
    } catch (e) {
      throw new TokenFileError(`the token file ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}) and cannot be made owner-only: ${(e as Error).message}; chmod 600 it as its owner`);
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new TokenFileError(`the token file ${file} cannot be read: ${(e as Error).message}`);
  }
  if (!TOKEN.test(text)) {
    throw new TokenFileError(`the token file ${file} does not hold a token (one line of at least 32 printable characters, no spaces): delete it and start again to have one made`);
  }
  return { token: text, created: false, notes };
}
