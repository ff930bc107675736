import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallSeries, HealthSummary } from '../../../../core/contract/index.ts';
import { renderConsole } from '../../test/render.tsx';
import { HealthPage } from './HealthPage.tsx';

const at = new Date().toISOString();
const minute = 60_000;
const start = Math.floor(Date.now() / minute) * minute - 59 * minute;

function series(busy: Array<[index: number, calls: number, errors: number, p95: number]>): CallSeries {
  const points = Array.from({ length: 60 }, (_, i) => ({ at: new Date(start + i * minute).toISOString(), calls: 0, errors: 0, p95Ms: null as number | null }));
  for (const [i, calls, errors, p95] of busy) points[i] = { ...points[i]!, calls, errors, p95Ms: p95 };
  return { system: 'onec', windowMinutes: 60, calls: busy.reduce((n, b) => n + b[1], 0), errors: busy.reduce((n, b) => n + b[2], 0), p95Ms: 840, points };
}

function summary(extra: Partial<HealthSummary>): HealthSummary {
  return { status: 'healthy', checkedAt: at, checks: [{ name: 'database', status: 'healthy', checkedAt: at, latencyMs: 1, reason: null }], ...extra };
}

const handlers = (s: HealthSummary) => ({
  'health.summary': () => s,
  'app.info': () => ({ version: '0.1.0', host: 'web' as const, dataDir: '/data', zone: 'UTC', startedAt: at, demo: true, simulated: ['onec' as const, 'mce' as const], actor: 'tester' }),
});

describe('Health page: breakers and calls', () => {
  it('lists each breaker with its state in words, failures and next probe', async () => {
    const nextProbe = new Date(Date.now() + 45_000).toISOString();
    renderConsole(<HealthPage />, {
      handlers: handlers(
        summary({
          breakers: [
            { system: 'mce', state: 'closed', consecutiveFailures: 0, openedAt: null, nextProbeAt: null, probeInFlight: false },
            { system: 'onec', state: 'open', consecutiveFailures: 5, openedAt: at, nextProbeAt: nextProbe, probeInFlight: false },
          ],
          calls: [series([])],
        }),
      ),
    });
    const table = await screen.findByRole('table', { name: 'Circuit breakers' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 3).map((c) => c.textContent))).toEqual([
      ['MCE / Oktell', 'Closed', '0'],
      ['1C:ZUP', 'Open', '5'],
    ]);
    expect(within(rows[1]!).getAllByRole('cell')[4]!.textContent).toMatch(/in 45 sec|in 44 sec/);
    // The old "charts come later" notice is gone.
    expect(screen.queryByText(/later version/)).toBeNull();
  });

  it('says calmly that there were no 1C calls yet instead of drawing empty charts', async () => {
    renderConsole(<HealthPage />, { handlers: handlers(summary({ breakers: [], calls: [series([])] })) });
    const section = await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
    expect(within(section).getByText(/No calls to 1C:ZUP in the last 60 minutes\. Charts appear after the next sync/)).toBeTruthy();
    expect(within(section).queryByRole('figure')).toBeNull();
  });

  it('prints the hour totals and a chart per metric once there are calls', async () => {
    renderConsole(<HealthPage />, { handlers: handlers(summary({ breakers: [], calls: [series([[50, 12, 1, 840], [58, 30, 2, 310]])] })) });
    const section = await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
    expect(within(section).getByLabelText('Totals for the hour').textContent).toBe('In the last 60 min: 42 calls, 3 errors, p95 840 ms');
    expect(within(section).getAllByRole('figure').map((f) => f.getAttribute('aria-label'))).toEqual(['Calls per minute', 'Errors per minute', 'p95 latency, ms']);
  });

  it('in Russian', async () => {
    renderConsole(<HealthPage />, {
      language: 'ru',
      handlers: handlers(summary({ breakers: [{ system: 'onec', state: 'half_open', consecutiveFailures: 5, openedAt: at, nextProbeAt: at, probeInFlight: true }], calls: [series([[59, 4, 0, 120]])] })),
    });
    const table = await screen.findByRole('table', { name: 'Автоматы защиты' });
    expect(within(table).getByText('Пробный')).toBeTruthy();
    expect(within(table).getByText('идёт пробный вызов')).toBeTruthy();
    expect(screen.getByLabelText('Итоги за час').textContent).toBe('За последние 60 мин: вызовов 4, ошибок 0, p95 840 мс');
  });

  it('shows neither panel for a gateway that sends no breakers or calls', async () => {
    renderConsole(<HealthPage />, { handlers: handlers(summary({})) });
    await screen.findByRole('table', { name: 'Checks' });
    expect(screen.queryByRole('region', { name: 'Circuit breakers' })).toBeNull();
    expect(screen.queryByRole('region', { name: /Calls to/ })).toBeNull();
  });
});
