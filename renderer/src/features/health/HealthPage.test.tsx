import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallHistory, CallRange, HealthSummary } from '../../../../core/contract/index.ts';
import { gatewayError } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { rowsOf } from './CallCharts.tsx';
import { HealthPage } from './HealthPage.tsx';

const at = new Date().toISOString();
const MIN = 60_000;
const SPANS: Record<CallRange, { steps: number; stepMinutes: number }> = { hour: { steps: 60, stepMinutes: 1 }, day: { steps: 96, stepMinutes: 15 }, week: { steps: 168, stepMinutes: 60 } };

type Busy = [index: number, calls: number, errors: number, avg: number, p95: number, p99: number];

/** A history as health.calls answers it: `busy` steps filled, the rest quiet; totals over the busy steps. */
function history(range: CallRange, busy: Busy[], opts: { end?: number; methods?: CallHistory['methods'] } = {}): CallHistory {
  const { steps, stepMinutes } = SPANS[range];
  const step = stepMinutes * MIN;
  const last = Math.floor((opts.end ?? Date.now()) / step) * step;
  const from = last - (steps - 1) * step;
  const points = Array.from({ length: steps }, (_, i) => ({ at: new Date(from + i * step).toISOString(), calls: 0, errors: 0, avgMs: null as number | null, p95Ms: null as number | null, p99Ms: null as number | null }));
  for (const [i, calls, errors, avg, p95, p99] of busy) points[i] = { ...points[i]!, calls, errors, avgMs: avg, p95Ms: p95, p99Ms: p99 };
  const calls = busy.reduce((n, b) => n + b[1], 0);
  const errors = busy.reduce((n, b) => n + b[2], 0);
  const totals = calls === 0 ? { calls: 0, errors: 0, avgMs: null, p95Ms: null, p99Ms: null } : { calls, errors, avgMs: 120, p95Ms: 840, p99Ms: 910 };
  return {
    system: 'onec',
    range,
    stepMinutes,
    from: new Date(from).toISOString(),
    to: new Date(last + step).toISOString(),
    retentionDays: 7,
    totals,
    points,
    methods: opts.methods ?? (calls ? [{ method: 'GET /agents', ...totals }] : []),
  };
}

function summary(extra: Partial<HealthSummary>): HealthSummary {
  return { status: 'healthy', checkedAt: at, checks: [{ name: 'database', status: 'healthy', checkedAt: at, latencyMs: 1, reason: null }], ...extra };
}

const handlers = (s: HealthSummary, calls: (range: CallRange) => CallHistory = (r) => history(r, [])) => ({
  'health.summary': () => s,
  'health.calls': (input: { range: CallRange }) => calls(input.range),
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
    renderConsole(<HealthPage />, { handlers: handlers(summary({ breakers: [] })) });
    const section = await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
    expect(await within(section).findByText(/No calls to 1C:ZUP in the last 60 minutes\. Charts appear after the next sync/)).toBeTruthy();
    expect(within(section).queryByRole('figure')).toBeNull();
  });

  it('prints the hour totals with avg, p95 and p99, a chart per figure and the calls by method', async () => {
    const methods = [
      { method: 'GET /agents', calls: 30, errors: 1, avgMs: 150.4, p95Ms: 840, p99Ms: 910 },
      { method: 'POST /sendSchedule', calls: 12, errors: 2, avgMs: 40, p95Ms: 60, p99Ms: 61 },
    ];
    renderConsole(<HealthPage />, { handlers: handlers(summary({ breakers: [] }), (r) => history(r, [[50, 12, 1, 90, 300, 310], [58, 30, 2, 140, 840, 910]], { methods })) });
    const section = await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
    expect((await within(section).findByLabelText('Totals for the hour')).textContent).toBe('In the last 60 min: 42 calls, 3 errors, avg 120 ms, p95 840 ms, p99 910 ms');
    expect(within(section).getAllByRole('figure').map((f) => f.getAttribute('aria-label'))).toEqual(['Calls per minute', 'Errors per minute', 'Latency, ms']);
    const table = within(section).getByRole('table', { name: 'Calls by method' });
    expect(within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['GET /agents', '30', '1', '150', '840', '910'],
      ['POST /sendSchedule', '12', '2', '40', '60', '61'],
    ]);
    expect(within(section).getByText(/kept 7 days \(health\.callHistoryDays\)/)).toBeTruthy();
  });

  it('switches to the last day and the last week: asks the gateway for that range and names its steps', async () => {
    const r = renderConsole(<HealthPage />, { handlers: handlers(summary({ breakers: [] }), (range) => history(range, [[3, 7, 0, 100, 200, 300]])) });
    const section = await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
    await within(section).findByLabelText('Totals for the hour');
    fireEvent.click(within(section).getByRole('radio', { name: 'Week' }));
    expect((await within(section).findByLabelText('Totals for the week')).textContent).toMatch(/^In the last 7 days: 7 calls, 0 errors/);
    expect(within(section).getAllByRole('figure').map((f) => f.getAttribute('aria-label'))).toEqual(['Calls per hour', 'Errors per hour', 'Latency, ms']);
    expect(within(section).getByText(/last 7 days, per hour, time in MSK/)).toBeTruthy();
    fireEvent.click(within(section).getByRole('radio', { name: 'Day' }));
    await within(section).findByLabelText('Totals for the day');
    expect(within(section).getAllByRole('figure')[0]!.getAttribute('aria-label')).toBe('Calls per 15 minutes');
    expect(r.client.calls.filter((c) => c.method === 'health.calls').map((c) => (c.input as { range: string }).range)).toEqual(expect.arrayContaining(['hour', 'week', 'day']));
  });

  it('says what went wrong when the history cannot be read, and retries on request', async () => {
    let fail = true;
    renderConsole(<HealthPage />, {
      handlers: handlers(summary({ breakers: [] }), (range) => {
        if (fail) throw gatewayError('config_invalid', 'stored configuration is invalid: health.callHistoryDays: too big');
        return history(range, [[1, 2, 0, 10, 20, 30]]);
      }),
    });
    const section = await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
    expect((await within(section).findByRole('alert')).textContent).toContain('health.callHistoryDays: too big');
    fail = false;
    fireEvent.click(within(section).getByRole('button', { name: 'Retry' }));
    await within(section).findByLabelText('Totals for the hour');
  });

  it('in Russian', async () => {
    renderConsole(<HealthPage />, {
      language: 'ru',
      handlers: handlers(summary({ breakers: [{ system: 'onec', state: 'half_open', consecutiveFailures: 5, openedAt: at, nextProbeAt: at, probeInFlight: true }] }), (r) => history(r, [[59, 4, 0, 100, 120, 130]])),
    });
    const table = await screen.findByRole('table', { name: 'Автоматы защиты' });
    expect(within(table).getByText('Пробный')).toBeTruthy();
    expect(within(table).getByText('идёт пробный вызов')).toBeTruthy();
    expect((await screen.findByLabelText('Итоги за час')).textContent).toBe('За последние 60 мин: вызовов 4, ошибок 0, среднее 120 мс, p95 840 мс, p99 910 мс');
    const section = screen.getByRole('region', { name: 'Вызовы 1С:ЗУП' });
    expect(within(section).getAllByRole('figure').map((f) => f.getAttribute('aria-label'))).toEqual(['Вызовов в минуту', 'Ошибок в минуту', 'Задержка, мс']);
    fireEvent.click(within(section).getByRole('radio', { name: 'Неделя' }));
    expect((await screen.findByLabelText('Итоги за неделю')).textContent).toMatch(/^За последние 7 дней: вызовов 4/);
    expect(within(section).getByRole('table', { name: 'Вызовы по методам' })).toBeTruthy();
  });

  it('shows no breakers panel for a gateway that sends none, and the calls all the same', async () => {
    renderConsole(<HealthPage />, { handlers: handlers(summary({})) });
    await screen.findByRole('table', { name: 'Checks' });
    expect(screen.queryByRole('region', { name: 'Circuit breakers' })).toBeNull();
    await screen.findByRole('region', { name: 'Calls to 1C:ZUP' });
  });
});

describe('call chart axes', () => {
  const end = Date.UTC(2026, 10, 24, 10, 7, 0);
  const ticks = (range: CallRange, zone: string) => rowsOf(history(range, [], { end }), zone).filter((r) => r.tick !== '');

  it('labels every quarter hour for an hour, every third hour for a day, each midnight for a week, in the display zone', () => {
    // Moscow is UTC+3: 10:07 UTC is 13:07 there.
    expect(ticks('hour', 'Europe/Moscow').map((r) => r.tick)).toEqual(['12:15', '12:30', '12:45', '13:00']);
    expect(ticks('day', 'Europe/Moscow').map((r) => r.tick)).toEqual(['15:00', '18:00', '21:00', '00:00', '03:00', '06:00', '09:00', '12:00']);
    expect(ticks('week', 'Europe/Moscow').map((r) => r.tick)).toEqual(['18.11', '19.11', '20.11', '21.11', '22.11', '23.11', '24.11']);
    // The tooltip names the step's start with its date for a day or a week.
    expect(rowsOf(history('week', [], { end }), 'Europe/Moscow').at(-1)!.label).toBe('24.11 13:00');
  });

  it('still labels days and hours in a zone whose offset is not whole hours', () => {
    // Kolkata is UTC+5:30: hourly steps fall on half past; the day still changes once a day.
    const week = ticks('week', 'Asia/Kolkata');
    expect(week).toHaveLength(7);
    expect(week.map((r) => r.label.slice(-5))).toEqual(Array(7).fill('00:30'));
    expect(ticks('day', 'Asia/Kolkata')).toHaveLength(8);
  });
});
