/**
 * The console with a plan of 100 000 items, in Debian's Chromium against the real
 * headless host (1C simulator in-process, 100 000 employees, empty directory, so every
 * employee is a creation). Measures:
 * - data arrival → first rendered rows: from the moment the first page of items is in
 *   the renderer (TanStack Query's dataUpdatedAt) to the frame after the rows were
 *   committed (target ≤ 1 s); and, for context, opening the plan → rows;
 * - frame times while scrolling (rAF intervals): a steady scroll (20 rows a frame) and
 *   a fling through all 100 000 rows (target p95 ≤ 32 ms);
 * - after the fling stops at the bottom, the time until the rows on screen are loaded.
 * The grid is virtualized and pages items 200 at a time, so the browser holds only what
 * is near the viewport whatever the plan's size.
 */
import type { Page } from 'playwright-core';
import { createWsClient } from '../renderer/src/client/ws.ts';
import { ensureRendererBuilt } from '../e2e/support/build.ts';
import { launchChromium, newConsoleContext } from '../e2e/support/browser.ts';
import { startHost } from '../e2e/support/host.ts';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 100_000);

interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  over32Ms: number;
}

function stats(deltas: number[]): FrameStats {
  const s = [...deltas].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { frames: s.length, p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), maxMs: r(s[s.length - 1] ?? 0), over32Ms: s.filter((d) => d > 32).length };
}

/** Scrolls the grid by `px` per animation frame for `frames` frames; returns the frame intervals. */
function scrollFrames(page: Page, px: number, frames: number): Promise<number[]> {
  return page.evaluate(
    ([px, frames]) =>
      new Promise<number[]>((resolve) => {
        const el = document.querySelector<HTMLElement>('[data-testid="plan-items-grid"]')!;
        const deltas: number[] = [];
        let last = -1;
        let n = 0;
        const step = (ts: number) => {
          if (last >= 0) deltas.push(ts - last);
          last = ts;
          el.scrollTop += px;
          if (++n <= frames) requestAnimationFrame(step);
          else resolve(deltas);
        };
        requestAnimationFrame(step);
      }),
    [px, frames] as const,
  );
}

/** Waits until no placeholder row is on screen; returns how long it took, ms. */
function untilLoaded(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const check = () => {
          if (document.querySelectorAll('[data-testid="plan-items-grid"] .vt-placeholder').length === 0) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

export async function run(): Promise<Record<string, unknown>> {
  ensureRendererBuilt();
  const host = await startHost({ employees: EMPLOYEES, seed: 42 });
  const api = createWsClient({ url: `ws://127.0.0.1:${host.server.port}/ws`, token: host.server.token });
  const browser = await launchChromium();
  try {
    const today = new Date().toISOString().slice(0, 10);
    const tPlan = performance.now();
    const plan = await api.call('plans.create', { from: today, to: today });
    const planMs = Math.round(performance.now() - tPlan);
    const creates = plan.counts.create;

    const context = await newConsoleContext(browser);
    const page = await context.newPage();
    await page.goto(host.server.consoleUrl);
    await page.getByRole('status', { name: 'Соединение: На связи' }).waitFor();

    // Open the plan; the renderer marks 'argus:items-rendered' one frame after the first
    // page of rows was committed, carrying when that page's data arrived.
    await page.evaluate((id) => {
      performance.clearMarks();
      performance.mark('argus:open');
      location.hash = `#/plans/${id}`;
    }, plan.id);
    await page.waitForFunction(() => performance.getEntriesByName('argus:items-rendered').length > 0, undefined, { timeout: 60_000 });
    const open = await page.evaluate(() => {
      const rendered = performance.getEntriesByName('argus:items-rendered')[0] as PerformanceMark;
      const opened = performance.getEntriesByName('argus:open')[0] as PerformanceMark;
      const dataAt = (rendered.detail as { dataAt: number }).dataAt;
      return {
        dataToRowsMs: Math.round(performance.timeOrigin + rendered.startTime - dataAt),
        openToRowsMs: Math.round(rendered.startTime - opened.startTime),
        rowsInDom: document.querySelectorAll('[data-testid="plan-items-grid"] [role="row"]').length - 1,
        rowCount: Number(document.querySelector('[data-testid="plan-items-grid"]')?.getAttribute('aria-rowcount') ?? 0) - 1,
      };
    });
    if (open.rowCount !== creates) throw new Error(`the grid announces ${open.rowCount} rows, the plan has ${creates} creations`);

    // Steady reading scroll: 20 rows (680 px) a frame for 300 frames.
    const steady = stats(await scrollFrames(page, 20 * 34, 300));
    await untilLoaded(page);
    // A fling from where we are to the very end of the list in 600 frames.
    const remaining = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="plan-items-grid"]')!;
      return el.scrollHeight - el.clientHeight - el.scrollTop;
    });
    const fling = stats(await scrollFrames(page, Math.ceil(remaining / 600) + 1, 600));
    const fillAfterFlingMs = Math.round(await untilLoaded(page));
    const lastRowShown = await page.evaluate(() => document.querySelector(`[data-testid="plan-items-grid"] [aria-rowindex="${Number(document.querySelector('[data-testid="plan-items-grid"]')!.getAttribute('aria-rowcount'))}"]`) !== null);
    await context.close();

    const result = {
      employees: EMPLOYEES,
      planItems: open.rowCount,
      planCreateMs: planMs,
      dataToFirstRowsMs: open.dataToRowsMs,
      openToFirstRowsMs: open.openToRowsMs,
      rowsInDom: open.rowsInDom,
      steadyScroll: steady,
      flingToEnd: fling,
      fillAfterFlingMs,
      reachedLastRow: lastRowShown,
      targets: {
        dataToFirstRowsLe1000Ms: open.dataToRowsMs <= 1000,
        steadyScrollP95Le32Ms: steady.p95Ms <= 32,
        flingP95Le32Ms: fling.p95Ms <= 32,
      },
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    api.close();
    await browser.close();
    await host.close();
  }
}

if (import.meta.main) await run();
