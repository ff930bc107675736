/**
 * Electron fuses of the desktop package, flipped in the binary at packaging
 * (electron/after-pack.ts) through @electron/fuses: the app cannot be turned
 * into a plain Node (ELECTRON_RUN_AS_NODE), nor be handed NODE_OPTIONS or
 * --inspect to run foreign code with its keychain access; cookies are
 * encrypted; the app loads only from its ASAR, whose integrity is checked
 * where Electron supports that (macOS, Windows; not Linux); file:// gets no
 * extra privileges (the console is served from app://).
 */
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** electron-builder's platform names (AfterPackContext.electronPlatformName). */
export type PackPlatform = 'darwin' | 'mas' | 'win32' | 'linux';

export function asarIntegritySupported(platform: string): boolean {
  return platform === 'darwin' || platform === 'mas' || platform === 'win32';
}

export function desktopFuses(platform: string, arch: string): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // An arm64 macOS binary must stay validly signed after the flip (ad-hoc when unsigned).
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: asarIntegritySupported(platform),
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}
