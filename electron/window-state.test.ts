import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState, trackWindowState, type Rect } from './window-state.ts';

const screen: Rect[] = [{ x: 0, y: 0, width: 1920, height: 1040 }];
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-winstate-'));
  file = join(dir, 'window-state.json');
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('window state', () => {
  it('round-trips size, position and maximized', () => {
    saveWindowState(file, { x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file, screen)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
  });

  it('falls back to the default when the file is missing, damaged or absurd', () => {
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width": 12');
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, JSON.stringify({ width: 10, height: 10 }));
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that is on no screen any more (unplugged monitor), keeping the size', () => {
    saveWindowState(file, { x: 3000, y: 100, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(file, screen)).toEqual({ width: 1200, height: 800, maximized: false });
    expect(loadWindowState(file, [...screen, { x: 1920, y: 0, width: 2560, height: 1400 }])).toMatchObject({ x: 3000, y: 100 });
  });

  it('saves once moves settle and on close', () => {
    vi.useFakeTimers();
    const listeners = new Map<string, () => void>();
    let bounds = { x: 10, y: 20, width: 1000, height: 700 };
    trackWindowState({ getNormalBounds: () => bounds, isMaximized: () => false, on: (ev, fn) => listeners.set(ev, fn) }, file, () => {});
    listeners.get('move')!();
    listeners.get('resize')!();
    expect(() => readFileSync(file)).toThrow();
    vi.advanceTimersByTime(600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ x: 10, width: 1000 });
    bounds = { x: 30, y: 40, width: 1300, height: 900 };
    listeners.get('close')!();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 30, y: 40, width: 1300, height: 900, maximized: false });
  });
});
