/**
 * `serve --token-file FILE`: a stable access token for a host that runs as a
 * service (a scraper's credentials file and a desktop app attached to it keep
 * working across restarts). Missing: a fresh token is written owner-only (0600),
 * created exclusively so two starts cannot both write one. Present: read, its
 * mode tightened to 0600 if it was wider (and said so), refused if it holds no token,
 * is a symbolic link or belongs to another user.
 */
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
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

/** `owner`: the uid the file must belong to (this process's own; a parameter for tests). */
export function loadOrCreateToken(file: string, owner: number | undefined = process.getuid?.()): FileToken {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const token = newToken();
    writeFileSync(file, `${token}\n`, { flag: 'wx', mode: 0o600 });
    return { token, created: true, notes: [] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new TokenFileError(`the token file ${file} cannot be created: ${(e as Error).message}`);
  }
  const notes: string[] = [];
  let fd: number;
  try {
    // Not through a symbolic link: a link planted where the file should be would have us narrow, and take the token of, a file of someone else's choosing.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new TokenFileError(`the token file ${file} is a symbolic link: give the path of the file itself`);
    throw new TokenFileError(`the token file ${file} cannot be read: ${(e as Error).message}`);
  }
  let text: string;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new TokenFileError(`the token file ${file} is not a file`);
    if (process.platform !== 'win32') {
      // Someone else's file (root reads any): whoever wrote it knows the token.
      if (owner !== undefined && st.uid !== owner) throw new TokenFileError(`the token file ${file} belongs to another user (uid ${st.uid}): it must be this user's own (uid ${owner}); chown it or delete it to have one made`);
      if ((st.mode & 0o077) !== 0) {
        try {
          fchmodSync(fd, 0o600);
          notes.push(`the token file ${file} was readable by others (mode ${(st.mode & 0o777).toString(8)}): made it owner-only (600)`);
        } catch (e) {
          throw new TokenFileError(`the token file ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}) and cannot be made owner-only: ${(e as Error).message}; chmod 600 it as its owner`);
        }
      }
    }
    try {
      text = readFileSync(fd, 'utf8').trim();
    } catch (e) {
      throw new TokenFileError(`the token file ${file} cannot be read: ${(e as Error).message}`);
    }
  } finally {
    closeSync(fd);
  }
  if (!TOKEN.test(text)) {
    throw new TokenFileError(`the token file ${file} does not hold a token (one line of at least 32 printable characters, no spaces): delete it and start again to have one made`);
  }
  return { token: text, created: false, notes };
}
