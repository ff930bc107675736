/** The window's size and position, remembered between runs (JSON in userData). */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

const schema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(20_000),
  height: z.number().int().min(480).max(20_000),
  maximized: z.boolean().default(false),
});

function overlaps(a: Rect, b: Rect, min = 100): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w >= min && h >= min;
}

/**
 * The saved state, or the default when the file is missing or damaged. A
 * position no longer on any screen (a monitor was unplugged) is dropped so the
 * window does not open out of sight.
 */
export function loadWindowState(file: string, workAreas: Rect[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ...DEFAULT_WINDOW_STATE };
  const s = parsed.data;
  if (s.x === undefined || s.y === undefined) return { width: s.width, height: s.height, maximized: s.maximized };
  const visible = workAreas.some((a) => overlaps({ x: s.x!, y: s.y!, width: s.width, height: s.height }, a));
  return visible ? { x: s.x, y: s.y, width: s.width, height: s.height, maximized: s.maximized } : { width: s.width, height: s.height, maximized: s.maximized };
}

/** Written to a temp file and renamed, so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

/** The slice of BrowserWindow that tracking needs. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'resize' | 'move' | 'close' | 'maximize' | 'unmaximize', fn: () => void): unknown;
}

/** Saves after moves and resizes settle, and once more on close. */
export function trackWindowState(win: TrackedWindow, file: string, log: (l: string) => void, debounceMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    timer = null;
    try {
      const b = win.getNormalBounds();
      saveWindowState(file, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
    } catch (e) {
      log(`could not remember the window position: ${(e as Error).message}`);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev, later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
