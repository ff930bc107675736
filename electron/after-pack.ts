/**
 * electron-builder's afterPack hook (electron-builder.yml): flips the fuses of
 * electron/fuses.ts in the packed binary, before electron-builder signs it.
 * Loaded by electron-builder with import(), which Node 24 runs as TypeScript.
 */
import { Arch, type AfterPackContext } from 'electron-builder';
import { desktopFuses } from './fuses.ts';

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const fuses = desktopFuses(context.electronPlatformName, Arch[context.arch]);
  const flipped = await context.packager.addElectronFuses(context, fuses);
  if (flipped < 1) throw new Error(`no fuse wire found in the ${context.electronPlatformName} binary: the package would ship without its fuses`);
}
