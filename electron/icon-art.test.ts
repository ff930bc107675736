/**
 * The icons in assets/ are exactly what electron/make-icons.ts draws (so they can be
 * made again), are valid PNG, ICO and ICNS files at the sizes electron-builder and
 * the tray use, and every icon file the packaging configuration names exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { APP_ICON_SIZES, drawMark, HEALTH_COLOURS, ICNS_TYPES, ICO_SIZES, iconFiles } from './icon-art.ts';
import { TRAY_HEALTH } from './tray-state.ts';

const assets = join(process.cwd(), 'assets');

/** Checks the signature, every chunk's CRC and the image data's length; returns the size. */
function readPng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = png.readUInt32BE(o);
    const type = png.toString('ascii', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + len);
    expect(png.readUInt32BE(o + 8 + len)).toBe(crc32(png.subarray(o + 4, o + 8 + len)) >>> 0);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width * 4 + 1));
  const rgba = Buffer.alloc(width * height * 4);
  for (let j = 0; j < height; j++) raw.copy(rgba, j * width * 4, j * (width * 4 + 1) + 1, (j + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

/** The decoded images of a PNG, an ICO or an ICNS file. */
function imagesOf(file: Buffer, path: string): Buffer[] {
  if (path.endsWith('.png')) return [readPng(file).rgba];
  const pngs: Buffer[] = [];
  if (path.endsWith('.ico')) {
    for (let k = 0; k < file.readUInt16LE(4); k++) {
      const e = 6 + 16 * k;
      pngs.push(file.subarray(file.readUInt32LE(e + 12), file.readUInt32LE(e + 12) + file.readUInt32LE(e + 8)));
    }
  } else {
    for (let o = 8; o < file.length; o += file.readUInt32BE(o + 4)) pngs.push(file.subarray(o + 8, o + file.readUInt32BE(o + 4)));
  }
  return pngs.map((p) => readPng(p).rgba);
}

const pixel = (rgba: Buffer, size: number, x: number, y: number) => [...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];

describe('the icons', () => {
  it('in assets/ are what the script draws, pixel for pixel', () => {
    const files = iconFiles();
    expect(files.size).toBe(APP_ICON_SIZES.length + 3 + TRAY_HEALTH.length * 2);
    for (const [path, data] of files) {
      const file = join(assets, path);
      expect(existsSync(file), `${path} is missing: run node electron/make-icons.ts`).toBe(true);
      // Pixels, not bytes: another zlib may compress the same image differently.
      const committed = imagesOf(readFileSync(file), path);
      const drawn = imagesOf(data, path);
      expect(committed.length, path).toBe(drawn.length);
      committed.forEach((img, k) => expect(img.equals(drawn[k]!), `${path} differs from what electron/make-icons.ts draws: run it again`).toBe(true));
    }
  });

  it('are PNG at every size of the Linux set, the tray at 16 px and @2x 32 px per health state', () => {
    for (const size of APP_ICON_SIZES) expect(readPng(readFileSync(join(assets, 'icons', `${size}x${size}.png`)))).toMatchObject({ width: size, height: size });
    for (const h of TRAY_HEALTH) {
      expect(readPng(readFileSync(join(assets, 'tray', `${h}.png`)))).toMatchObject({ width: 16, height: 16 });
      expect(readPng(readFileSync(join(assets, 'tray', `${h}@2x.png`)))).toMatchObject({ width: 32, height: 32 });
    }
  });

  it('draw the mark: a white eye on blue, a margin at large sizes, the tray dot in the health colour', () => {
    const big = drawMark(256);
    expect(pixel(big, 256, 128, 128)[3]).toBe(255);
    expect(pixel(big, 256, 2, 2)[3]).toBe(0);
    const [r, , b] = pixel(big, 256, 128, 40);
    expect(b).toBeGreaterThan(180);
    expect(r).toBeLessThan(80);
    expect(pixel(big, 256, 128, 128 - 50).slice(0, 3)).toEqual([255, 255, 255]); // the iris
    for (const h of TRAY_HEALTH) {
      const tray = drawMark(32, { dot: h });
      const want = [1, 3, 5].map((i) => parseInt(HEALTH_COLOURS[h].slice(i, i + 2), 16));
      expect(pixel(tray, 32, 25, 25).slice(0, 3)).toEqual(want);
    }
  });

  it('hold every size in the Windows .ico and the macOS .icns', () => {
    const ico = readFileSync(join(assets, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    ICO_SIZES.forEach((size, k) => {
      const e = 6 + 16 * k;
      expect(ico[e] === 0 ? 256 : ico[e]).toBe(size);
      const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
      expect(readPng(png)).toMatchObject({ width: size });
    });
    const icns = readFileSync(join(assets, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let o = 8; o < icns.length; o += icns.readUInt32BE(o + 4)) {
      types.push(icns.toString('ascii', o, o + 4));
      const size = ICNS_TYPES.find((t) => t.type === icns.toString('ascii', o, o + 4))!.size;
      expect(readPng(icns.subarray(o + 8, o + icns.readUInt32BE(o + 4)))).toMatchObject({ width: size });
    }
    expect(types).toEqual(ICNS_TYPES.map((t) => t.type));
  });

  it('named by electron-builder.yml exist, as does its afterPack hook', () => {
    const yml = readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8');
    const icons = [...yml.matchAll(/^\s+icon:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
    expect(icons.sort()).toEqual(['assets/icon.icns', 'assets/icon.ico', 'assets/icons']);
    for (const p of icons) expect(existsSync(join(process.cwd(), p)), p).toBe(true);
    const hook = /^afterPack:\s*(\S+)\s*$/m.exec(yml)?.[1];
    expect(hook).toBe('./electron/after-pack.ts');
    expect(existsSync(join(process.cwd(), hook!))).toBe(true);
    // What the main process reads at run time is packed.
    expect(yml).toContain('  - assets/tray/*.png\n');
    expect(yml).toContain('  - assets/icons/256x256.png\n');
  });
});
