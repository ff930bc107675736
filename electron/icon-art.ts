/**
 * The app's mark, drawn from shapes: an eye (Argus saw everything) in white on a
 * blue rounded square; the tray adds a dot in the colour of the gateway's health.
 * Every size is drawn anew from signed distances (crisp at 16 px as at 1024 px),
 * then written as PNG, ICO (Windows) and ICNS (macOS) without any image library.
 * electron/make-icons.ts writes them into assets/.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { TrayHealth } from './tray-state.ts';

type RGBA = [number, number, number, number];

const hex = (h: string, a = 1): RGBA => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255, a];

const BLUE_TOP = hex('#3568F0');
const BLUE_BOTTOM = hex('#1D46C4');
const WHITE = hex('#FFFFFF');
export const HEALTH_COLOURS: Record<TrayHealth, string> = { healthy: '#2F9E44', degraded: '#F08C00', failing: '#E03131', unknown: '#868E96' };

/** Signed distance (in the unit square) to a box with rounded corners. */
function roundBox(x: number, y: number, cx: number, cy: number, half: number, r: number): number {
  const qx = Math.abs(x - cx) - half + r;
  const qy = Math.abs(y - cy) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const circle = (x: number, y: number, cx: number, cy: number, r: number) => Math.hypot(x - cx, y - cy) - r;

/** The eye: the lens two arcs make (half width a, half height h) around (cx, cy). */
function lens(x: number, y: number, cx: number, cy: number, a: number, h: number): number {
  const R = (a * a + h * h) / (2 * h);
  const off = R - h;
  return Math.max(circle(x, y, cx, cy + off, R), circle(x, y, cx, cy - off, R));
}

/** Coverage of a pixel by a shape from its distance (one pixel of smoothing). */
const cover = (d: number, px: number) => Math.min(1, Math.max(0, 0.5 - d / px));

function over(dst: RGBA, src: RGBA, alpha: number): RGBA {
  const a = src[3] * alpha;
  const outA = a + dst[3] * (1 - a);
  if (outA === 0) return [0, 0, 0, 0];
  const mix = (i: number) => (src[i]! * a + dst[i]! * dst[3] * (1 - a)) / outA;
  return [mix(0), mix(1), mix(2), outA];
}

export interface MarkOptions {
  /** A health dot in the lower right corner (tray icons). */
  dot?: TrayHealth;
}

/** RGBA pixels (row by row, 8 bits each) of the mark at `size` × `size`. */
export function drawMark(size: number, opts: MarkOptions = {}): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const px = 1 / size;
  // Small sizes fill the square; large ones keep a margin as icon grids expect.
  const margin = size <= 32 ? 0 : 0.06;
  const half = 0.5 - margin;
  const radius = half * 0.44;
  const dotColour = opts.dot ? hex(HEALTH_COLOURS[opts.dot]) : null;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) / size;
      const y = (j + 0.5) / size;
      const t = Math.min(1, Math.max(0, (y - margin) / (1 - 2 * margin)));
      const bg: RGBA = [0, 1, 2].map((k) => BLUE_TOP[k]! + (BLUE_BOTTOM[k]! - BLUE_TOP[k]!) * t).concat(1) as RGBA;
      let c: RGBA = [0, 0, 0, 0];
      c = over(c, bg, cover(roundBox(x, y, 0.5, 0.5, half, radius), px));
      // The eye: an outlined lens, a white iris, a pupil in the background's blue.
      const eye = lens(x, y, 0.5, 0.5, half * 0.74, half * 0.44);
      const stroke = Math.max(half * 0.085, 0.75 * px);
      c = over(c, WHITE, cover(Math.abs(eye) - stroke, px));
      c = over(c, WHITE, cover(circle(x, y, 0.5, 0.5, half * 0.27), px));
      // Below 24 px a pupil is a smudge: the iris stays solid.
      if (size >= 24) c = over(c, bg, cover(circle(x, y, 0.5, 0.5, half * 0.11), px));
      if (dotColour) {
        c = over(c, WHITE, cover(circle(x, y, 0.78, 0.78, 0.22), px));
        c = over(c, dotColour, cover(circle(x, y, 0.78, 0.78, 0.165), px));
      }
      const o = (j * size + i) * 4;
      out[o] = Math.round(c[0] * 255);
      out[o + 1] = Math.round(c[1] * 255);
      out[o + 2] = Math.round(c[2] * 255);
      out[o + 3] = Math.round(c[3] * 255);
    }
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A PNG (RGBA, 8 bits) of square pixels. */
export function encodePng(rgba: Buffer, size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) rgba.copy(raw, j * (size * 4 + 1) + 1, j * size * 4, (j + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A Windows icon of PNG images (Vista and later read PNG entries). */
export function encodeIco(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** The ICNS element types of PNG images by pixel size (the @2x ones repeat a size). */
export const ICNS_TYPES: Array<{ type: string; size: number }> = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic13', size: 256 },
  { type: 'ic14', size: 512 },
];

export function encodeIcns(pngBySize: Map<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.map(({ type, size }) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`no ${size} px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** Sizes of the Linux icon set (assets/icons/NxN.png). */
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** Tray icons: 16 px and 32 px for @2x screens (Electron picks name@2x.png itself). */
export const TRAY_SIZES = [16, 32];

/** Every file of assets/, by its path there. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const png = new Map<number, Buffer>();
  for (const size of [...new Set([...APP_ICON_SIZES, ...ICO_SIZES])]) png.set(size, encodePng(drawMark(size), size));
  for (const size of APP_ICON_SIZES) files.set(`icons/${size}x${size}.png`, png.get(size)!);
  files.set('icon.png', png.get(1024)!);
  files.set('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: png.get(size)! }))));
  files.set('icon.icns', encodeIcns(png));
  for (const health of Object.keys(HEALTH_COLOURS) as TrayHealth[]) {
    for (const size of TRAY_SIZES) files.set(`tray/${health}${size === 16 ? '' : '@2x'}.png`, encodePng(drawMark(size, { dot: health }), size));
  }
  return files;
}
