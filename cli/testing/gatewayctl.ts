/** Runs the real CLI in a child process, for end-to-end tests of commands (one copy for every CLI test). */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'gatewayctl.ts');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `as`: run as another user (a test running as root that needs permissions to mean something). */
export function gatewayctl(dataDir: string, args: string[], stdin?: string, as?: { uid: number; gid: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GATEWAY_ACTOR: 'ci-operator' }, ...(as ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** A command's --json output, or the error it printed. */
export async function gatewayctlJson<T>(dataDir: string, args: string[], stdin?: string): Promise<T> {
  const r = await gatewayctl(dataDir, [...args, '--json'], stdin);
  if (r.code !== 0) throw new Error(`gatewayctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
