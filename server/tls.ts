/**
 * `serve --tls-cert FILE --tls-key FILE`: the certificate and key the host
 * serves the console, the WebSocket contract, /health and /metrics with. Read
 * and checked at start, so a wrong file is a sentence and not a TLS handshake
 * failure in someone's browser; read again on SIGHUP (a renewed certificate).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export interface TlsMaterial {
  /** The PEM as given (a chain: the host's certificate first, then intermediates). */
  cert: Buffer;
  key: Buffer;
  /** SHA-256 of the host's certificate, AB:CD:… (what a desktop app attached to this host may pin). */
  fingerprint256: string;
  subject: string;
  validTo: Date;
  /** Worth a log line: an expired or not yet valid certificate, a key readable by anyone. */
  warnings: string[];
}

export class TlsFileError extends Error {}

function read(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new TlsFileError(`${flag} ${file} cannot be read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export function loadTls(certFile: string, keyFile: string, now: number = Date.now()): TlsMaterial {
  const cert = read(certFile, '--tls-cert');
  const key = read(keyFile, '--tls-key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new TlsFileError(`--tls-cert ${certFile} is not a certificate (PEM, "-----BEGIN CERTIFICATE-----")`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (e) {
    // OpenSSL 3 asked for a passphrase nobody can type says "interrupted or cancelled"; the PEM header says it plainly.
    const encrypted = /passphrase/i.test((e as Error).message) || /-----BEGIN (ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY-----\r?\nProc-Type: 4,ENCRYPTED)/.test(key.toString('latin1'));
    throw new TlsFileError(
      encrypted
        ? `--tls-key ${keyFile} is encrypted: give the key without a passphrase (openssl pkey -in ${keyFile} -out plain.key), readable by the gateway's user only`
        : `--tls-key ${keyFile} is not a private key (PEM, "-----BEGIN PRIVATE KEY-----")`,
    );
  }
  if (!x509.checkPrivateKey(privateKey)) throw new TlsFileError(`--tls-key ${keyFile} does not belong to the certificate in --tls-cert ${certFile}`);
  const warnings: string[] = [];
  const validTo = new Date(x509.validTo);
  const validFrom = new Date(x509.validFrom);
  if (validTo.getTime() < now) warnings.push(`the certificate in ${certFile} expired on ${validTo.toISOString()}: browsers and desktop apps will refuse it`);
  else if (validFrom.getTime() > now) warnings.push(`the certificate in ${certFile} is valid only from ${validFrom.toISOString()}`);
  if (process.platform !== 'win32') {
    try {
      if ((statSync(keyFile).mode & 0o004) !== 0) warnings.push(`the TLS key ${keyFile} is readable by every user of this machine: chmod 600 (or 640 with a group only the gateway is in)`);
    } catch {
      /* it was readable a moment ago; the next read says what is wrong */
    }
  }
  return { cert, key, fingerprint256: x509.fingerprint256, subject: x509.subject.replace(/\n/g, ', '), validTo, warnings };
}
