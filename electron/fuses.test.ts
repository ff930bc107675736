/**
 * The fuses as @electron/fuses writes them into a binary: a stand-in file holding
 * Electron's fuse wire (sentinel, version, length, one byte per fuse, with
 * Electron's defaults) goes through the afterPack hook as electron-builder calls
 * it, and the wire is read back with the library.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, flipFuses, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { Arch, type AfterPackContext } from 'electron-builder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import afterPack from './after-pack.ts';
import { desktopFuses } from './fuses.ts';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49;
const OFF = 48;
// Electron's defaults: run as node, NODE_OPTIONS, --inspect and file:// privileges on; the rest off.
const ELECTRON_DEFAULTS = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];

let dir: string;
let binary: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-fuses-'));
  binary = join(dir, 'argus-integration-gateway');
  writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULTS.length, ...ELECTRON_DEFAULTS]), Buffer.alloc(4096, 9)]));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What electron-builder hands the hook; its addElectronFuses flips the binary it packed. */
function context(platform: string, arch: Arch, seen: FuseConfig[]): AfterPackContext {
  return {
    electronPlatformName: platform,
    arch,
    appOutDir: dir,
    packager: {
      addElectronFuses: async (_ctx: AfterPackContext, fuses: FuseConfig) => {
        seen.push(fuses);
        return flipFuses(binary, fuses);
      },
    },
  } as unknown as AfterPackContext;
}

async function wire(): Promise<Record<string, number>> {
  const w = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
  return Object.fromEntries(Object.keys(ELECTRON_DEFAULTS).map((i) => [FuseV1Options[Number(i)]!, w[Number(i)]!]));
}

describe('fuses at packaging', () => {
  it('turns off run-as-node, NODE_OPTIONS, --inspect and file:// privileges, turns on cookie encryption and ASAR-only loading (Linux: no ASAR integrity there)', async () => {
    const seen: FuseConfig[] = [];
    await afterPack(context('linux', Arch.x64, seen));
    expect(await wire()).toEqual({
      RunAsNode: OFF,
      EnableCookieEncryption: ON,
      EnableNodeOptionsEnvironmentVariable: OFF,
      EnableNodeCliInspectArguments: OFF,
      EnableEmbeddedAsarIntegrityValidation: OFF,
      OnlyLoadAppFromAsar: ON,
      LoadBrowserProcessSpecificV8Snapshot: OFF,
      GrantFileProtocolExtraPrivileges: OFF,
    });
    expect(seen[0]).toMatchObject({ resetAdHocDarwinSignature: false });
  });

  it('checks the ASAR integrity on Windows and macOS, and re-signs ad hoc on Apple silicon only', async () => {
    await afterPack(context('win32', Arch.x64, []));
    expect((await wire()).EnableEmbeddedAsarIntegrityValidation).toBe(ON);
    expect(desktopFuses('darwin', 'arm64')).toMatchObject({ resetAdHocDarwinSignature: true, [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true });
    expect(desktopFuses('darwin', 'x64').resetAdHocDarwinSignature).toBe(false);
    expect(desktopFuses('win32', 'arm64').resetAdHocDarwinSignature).toBe(false);
  });

  it('fails the packaging when the binary has no fuse wire, rather than shipping without fuses', async () => {
    writeFileSync(binary, Buffer.alloc(1024, 1));
    await expect(afterPack(context('linux', Arch.x64, []))).rejects.toThrow(/Could not find sentinel/);
  });
});
