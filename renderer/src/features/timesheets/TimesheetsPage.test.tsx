import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Output, ParsedInput, TimesheetDayView, TimesheetGridRow } from '../../../../core/contract/index.ts';
import { renderConsole } from '../../test/render.tsx';
import { gatewayError } from '../../client/fake-client.ts';
import { daysOfMonth, employeeForTests, facetsForTests, jobForTests } from '../schedules/fixtures.ts';
import { TimesheetsPage } from './TimesheetsPage.tsx';

const month = '2026-12';

function weekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Employee i's December: two codes on the 1st, a day off on the 2nd, an unknown code on the 3rd, worked without a shift on the 4th. */
function timesheetRow(i: number): TimesheetGridRow {
  const days: TimesheetDayView[] = daysOfMonth(month).map((date) => ({ date, entries: [], workedHours: 0, scheduled: null, contradiction: null }));
  days[0] = { date: '2026-12-01', entries: [{ code: 'Я', hours: 11, known: true }, { code: 'С', hours: 2.75, known: true }], workedHours: 13.75, scheduled: { paidHours: 11, dayHours: 11, nightHours: 0 }, contradiction: null };
  days[1] = { date: '2026-12-02', entries: [{ code: 'В', hours: 0, known: true }], workedHours: 0, scheduled: null, contradiction: null };
  days[2] = { date: '2026-12-03', entries: [{ code: 'ЯЯ', hours: 8, known: false }], workedHours: 0, scheduled: { paidHours: 8, dayHours: 8, nightHours: 0 }, contradiction: null };
  days[3] = {
    date: '2026-12-04',
    entries: [{ code: 'Я', hours: 8, known: true }],
    workedHours: 8,
    scheduled: null,
    contradiction: { kind: 'worked_without_shift', message: '8 h of Я on a day without an uploaded shift' },
  };
  days[4] = { date: '2026-12-05', entries: [{ code: 'Б', hours: 0, known: true }], workedHours: 0, scheduled: { paidHours: 8, dayHours: 8, nightHours: 0 }, contradiction: null };
  return {
    employee: employeeForTests(i),
    fetchedAt: '2026-12-06T08:00:00.000Z',
    days,
    half1: { days: 11, hours: 88 },
    half2: { days: 10, hours: 82.75 },
    month: { days: 21, hours: 170.75 },
    absences: [{ code: 'Б', days: 1, hours: null, text: '1', known: true }],
    norm: { hours: 168, rate: 1, limitHours: 168, scheduledHours: 165, over: false, fetchedAt: '2026-12-01T00:00:00.000Z' },
    scheduledHours: 165,
    workedHours: 170.75,
    scheduleBasis: 'uploaded',
    contradictions: 1,
  };
}

function gridHandler(total: number) {
  return (input: ParsedInput<'timesheets.grid'>): Output<'timesheets.grid'> => {
    const rows: TimesheetGridRow[] = [];
    for (let i = input.offset; i < Math.min(total, input.offset + input.limit); i++) rows.push(timesheetRow(i));
    return {
      month: input.month,
      days: daysOfMonth(input.month).map((date) => ({ date, weekday: weekday(date) })),
      total,
      rows,
      codes: [
        { code: 'Б', known: true, meaning: 'sick leave' },
        { code: 'В', known: true, meaning: 'day off' },
        { code: 'С', known: true, meaning: 'overtime' },
        { code: 'Я', known: true, meaning: 'day work' },
        { code: 'ЯЯ', known: false, meaning: null },
      ],
      facets: facetsForTests,
    };
  };
}

const baseHandlers = { 'timesheets.jobs': () => ({ jobs: [] }), 'timesheets.grid': gridHandler(3) };

/** The cell of a row under the column header named `header`. */
function cellUnder(grid: HTMLElement, row: HTMLElement, header: string | RegExp): HTMLElement {
  const h = within(grid).getAllByRole('columnheader').find((x) => (typeof header === 'string' ? x.textContent === header : header.test(x.textContent ?? '')));
  if (!h) throw new Error(`no column ${String(header)}`);
  const cell = row.querySelector(`[aria-colindex="${h.getAttribute('aria-colindex')}"]`);
  if (!cell) throw new Error(`no cell under ${String(header)}`);
  return cell as HTMLElement;
}

describe('the T-13 grid', () => {
  it('writes each day’s codes and hours, two codes a day, coloured by family with the code always written; unknown codes as they came', async () => {
    renderConsole(<TimesheetsPage month={month} tab="grid" />, { handlers: baseHandlers, language: 'ru' });
    const grid = await screen.findByRole('grid', { name: 'Табель за декабрь 2026' });
    const row = grid.querySelector('[data-employee-id="emp-0"]') as HTMLElement;
    const d1 = within(row).getByRole('gridcell', { name: '01.12.2026: Я 11 ч, С 2,75 ч; по графику 11 ч' });
    expect([...d1.querySelectorAll('.tc')].map((c) => [c.textContent, c.className])).toEqual([
      ['Я 11', 'tc tc-work'],
      ['С 2,75', 'tc tc-work'],
    ]);
    expect(within(row).getByRole('gridcell', { name: /^02\.12\.2026: В$/ }).querySelector('.tc-dayoff')?.textContent).toBe('В');
    const d3 = within(row).getByRole('gridcell', { name: /^03\.12\.2026: ЯЯ 8 ч \(неизвестный код, показан как пришёл из 1С\)/ });
    expect(d3.querySelector('.tc')?.className).toBe('tc tc-unknown');
    expect(d3.querySelector('.tc')?.textContent).toBe('ЯЯ 8');
    expect(within(row).getByRole('gridcell', { name: /^05\.12\.2026: Б/ }).querySelector('.tc')?.className).toBe('tc tc-sick');
    // The first half-month's totals follow day 15, as in the T-13.
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.getAttribute('aria-label') ?? h.textContent);
    expect(headers.indexOf('Итого за первую половину месяца')).toBe(headers.findIndex((h) => h?.startsWith('15.12.2026')) + 1);
    expect(cellUnder(grid, row, /^I пол\./).getAttribute('aria-label')).toBe('11 дн., 88 ч');

    // Norm, planned and worked side by side at the end.
    act(() => {
      grid.scrollLeft = 5000;
      grid.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(within(grid).getAllByRole('columnheader').some((h) => h.textContent === 'Факт')).toBe(true));
    const cells = ['Норма', 'План', 'Факт'].map((h) => cellUnder(grid, row, h).textContent);
    expect(cells).toEqual(['168', '165', '170,75']);
    expect(cellUnder(grid, row, /^Месяц/).getAttribute('aria-label')).toBe('21 дн., 170,75 ч');

    const legend = screen.getByRole('note', { name: 'Обозначения табеля' });
    expect(legend.textContent).toContain('Болезнь');
    expect(within(legend).getByTestId('codes-on-page').textContent).toContain('С сверхурочная работа');
    expect(within(legend).getByTestId('codes-on-page').textContent).toContain('ЯЯ неизвестный код, показан как пришёл из 1С');
  });

  it('highlights the days that contradict the uploaded schedule, with a mark and the reason, and a legend; a filter keeps only those employees', async () => {
    const { client } = renderConsole(<TimesheetsPage month={month} tab="grid" />, { handlers: baseHandlers, language: 'en' });
    const grid = await screen.findByRole('grid', { name: 'Timesheet for December 2026' });
    const row = grid.querySelector('[data-employee-id="emp-1"]') as HTMLElement;
    const d4 = within(row).getByRole('gridcell', { name: '4 Dec 2026: Я 8 h; Worked without a scheduled shift: 8 h of Я on a day without an uploaded shift' });
    expect(d4.className).toContain('is-contra');
    expect(d4.querySelector('.ts-mark')?.textContent).toBe('+');
    expect(within(row).getByRole('gridcell', { name: /^1 Dec 2026/ }).className).not.toContain('is-contra');
    // Read out as a sentence (visually hidden text), the bare count hidden from screen readers.
    const lead = within(row).getByRole('rowheader');
    expect(within(lead).getByText('1 day contradicts the schedule')).toBeTruthy();
    expect(lead.querySelector('.emp-errors span[aria-hidden]')?.textContent).toBe('1');
    const legend = screen.getByRole('note', { name: 'Timesheet legend' });
    for (const k of ['Worked without a scheduled shift', 'Scheduled shift not worked', 'Absent on a scheduled shift', 'Hours differ from the schedule']) expect(legend.textContent).toContain(k);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Only with conflicts' }));
    // The grid's own pages (the count beside the total asks with onlyFetched and limit 1).
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'timesheets.grid' && !(c.input as { onlyFetched?: boolean }).onlyFetched).at(-1)!.input).toMatchObject({ month, onlyContradictions: true, offset: 0 }));
  });

  it('Enter opens the employee’s days with the contradiction explained and the absences as 1C wrote them', async () => {
    renderConsole(<TimesheetsPage month={month} tab="grid" />, { handlers: baseHandlers, language: 'en' });
    const grid = await screen.findByRole('grid');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'Enter' });
    const drawer = await screen.findByRole('dialog', { name: /Сотрудник Номер 0/ });
    const days = await within(drawer).findByRole('table', { name: 'By day' });
    const row4 = within(days).getAllByRole('row').find((r) => r.textContent?.includes('Worked without a scheduled shift'))!;
    expect(row4.textContent).toContain('8 h of Я on a day without an uploaded shift');
    expect(within(drawer).getByText('Б: 1')).toBeTruthy();
  });
});

describe('exports and fetches', () => {
  const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]);
  function renderForExport() {
    const save = vi.fn<(blob: Blob, name: string) => void>();
    const r = renderConsole(<TimesheetsPage month={month} tab="grid" save={save} />, {
      handlers: {
        ...baseHandlers,
        'timesheets.export': (input) =>
          input.format === 'xlsx'
            ? { fileName: 'timesheet-2026-12-01-2026-12-31.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', encoding: 'base64', content: btoa(String.fromCharCode(...xlsx)), rows: 3 }
            : { fileName: 'timesheet-2026-12-01-2026-12-31.csv', mimeType: 'text/csv;charset=utf-8', encoding: 'utf8', content: '\uFEFFtabN;date;code;hours\r\nT-00001;2026-12-01;Я;11\r\n', rows: 1 },
      },
      language: 'en',
    });
    return { ...r, save };
  }

  it('exports the T-13 as XLSX: the bytes from base64, saved as a download', async () => {
    const { client, save } = renderForExport();
    await screen.findByRole('grid');
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'T-13 timesheet for December 2026, XLSX' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const [blob, name] = save.mock.calls[0]!;
    expect(name).toBe('timesheet-2026-12-01-2026-12-31.xlsx');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([...xlsx]);
    expect(client.calls.find((c) => c.method === 'timesheets.export')!.input).toEqual({ from: '2026-12-01', to: '2026-12-31', format: 'xlsx', layout: 'grid' });
    await screen.findByText('File timesheet-2026-12-01-2026-12-31.xlsx saved: 3 rows.');
  });

  it('exports the days as CSV: UTF-8 text with its BOM (Excel reads Cyrillic), for the department filtered on screen', async () => {
    const { client, save } = renderForExport();
    await screen.findByRole('grid');
    fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), { target: { value: 'd2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Days as rows for December 2026, CSV' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const [csv, name] = save.mock.calls[0]!;
    expect(name).toBe('timesheet-2026-12-01-2026-12-31.csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('tabN;date;code;hours\r\nT-00001;2026-12-01;Я;11\r\n');
    expect(client.calls.find((c) => c.method === 'timesheets.export')!.input).toEqual({ from: '2026-12-01', to: '2026-12-31', departmentId: 'd2', format: 'csv', layout: 'days' });
  });

  it('fetches a month from 1C after saying for how many employees, then follows the job’s progress', async () => {
    let jobs: Output<'timesheets.jobs'>['jobs'] = [];
    const { client } = renderConsole(<TimesheetsPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'timesheets.jobs': () => ({ jobs }),
        'timesheets.fetch': (input) => {
          jobs = [jobForTests(9, { kind: 'timesheet_fetch', from: input.from, to: input.to, total: 2, pending: 2 })];
          return jobs[0]!;
        },
      },
      language: 'en',
    });
    await screen.findByRole('grid');
    fireEvent.click(screen.getByRole('button', { name: 'Fetch from 1C…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Fetch timesheets from 1C' });
    await waitFor(() => expect(within(dialog).getByTestId('fetch-question').textContent).toBe('Fetch the timesheets of 3 employees for 1–31 Dec 2026 from 1C?'), { timeout: 3000 });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Fetch' }));
    await waitFor(() => expect(client.calls.find((c) => c.method === 'timesheets.fetch')?.input).toEqual({ from: '2026-12-01', to: '2026-12-31' }));
    const panel = await screen.findByRole('region', { name: 'Timesheet fetch No. 9' });
    act(() => client.emit('timesheets.fetchProgress', jobForTests(9, { kind: 'timesheet_fetch', total: 2, pending: 0, running: 1, completed: 1 })));
    await waitFor(() => expect(within(panel).getByTestId('job-progress-text').textContent).toBe('Done 1 of 2 requests · 1 in flight'));
    // Another kind's progress (a norm fetch) does not move this one.
    act(() => client.emit('timesheets.fetchProgress', jobForTests(9, { kind: 'norm_fetch', total: 2, pending: 0, completed: 2, finished: true })));
    expect(within(panel).getByTestId('job-progress-text').textContent).toBe('Done 1 of 2 requests · 1 in flight');
    // Rows of 1C's answer it could not read: said, since those employees keep their earlier data.
    act(() => client.emit('timesheets.fetchProgress', jobForTests(9, { kind: 'timesheet_fetch', total: 2, pending: 0, completed: 2, finished: true, unreadable: 3 })));
    await waitFor(() => expect(within(panel).getByTestId('job-progress-text').textContent).toBe('Done 2 of 2 requests · 3 rows from 1C unreadable: those employees keep the earlier data'));
  });
});

describe('norms', () => {
  it('shows each employee’s norm per month with the weekly norm, and fetches a year after saying for how many', async () => {
    const periods = Array.from({ length: 12 }, (_, i) => {
      const m = `2026-${String(i + 1).padStart(2, '0')}`;
      return { start: `${m}-01`, end: daysOfMonth(m).at(-1)!, label: m };
    });
    const { client } = renderConsole(<TimesheetsPage month={month} tab="norms" />, {
      handlers: {
        ...baseHandlers,
        'norms.list': (input) => ({
          year: input.year,
          mode: input.mode,
          periods,
          total: 2,
          rows: [0, 1].map((i) => ({
            employee: employeeForTests(i),
            history: [{ normWeek: 40, changeDate: '2020-01-01', recordedAt: '2026-12-01T00:00:00.000Z' }, { normWeek: 36, changeDate: '2026-06-01', recordedAt: '2026-12-01T00:00:00.000Z' }],
            hours: periods.map((p, k) => (k === 0 ? null : { start: p.start, end: p.end, hours: 151.2 + k })),
            totalHours: 1800.5,
            fetchedAt: '2026-12-02T10:00:00.000Z',
          })),
          facets: facetsForTests,
        }),
        'norms.fetch': () => jobForTests(11, { kind: 'norm_fetch', from: '2026-01-01', to: '2026-12-31' }),
      },
      language: 'en',
    });
    const grid = await screen.findByRole('grid', { name: 'Hours norms for 2026' });
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.slice(0, 4)).toEqual(['Employee, tab no.', 'Rate', 'h/week', 'Jan 2026']);
    expect(headers).toContain('Dec 2026');
    const row = within(grid).getAllByRole('row')[1]!;
    const cells = within(row).getAllByRole('gridcell').map((c) => c.textContent);
    expect(cells.slice(1, 6)).toEqual(['1', '362', '—', '152.2', '153.2']);
    expect(cells).toContain('1,800.5');
    fireEvent.click(screen.getByRole('button', { name: 'Fetch norms for 2026…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Fetch norms for 2026?' });
    await waitFor(() => expect(within(dialog).getByTestId('norms-confirm').textContent).toBe('Fetch the hours norms for 2026 (Months) of 2 employees from 1C? Norms fetched before for the year are replaced.'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Fetch norms' }));
    await waitFor(() => expect(client.calls.find((c) => c.method === 'norms.fetch')?.input).toEqual({ year: 2026, mode: 'month' }));
  });
});

describe('a page of rows that fails after the first one loaded', () => {
  it('says so above the grid in the operator’s language with a retry, instead of rows reading “loading…” for ever', async () => {
    let failing = true;
    const grid300 = gridHandler(300);
    renderConsole(<TimesheetsPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'timesheets.grid': (input) => {
          if (failing && input.offset === 100) throw gatewayError('timeout', 'timesheets.grid did not answer within 30 s');
          return grid300(input);
        },
      },
      language: 'ru',
    });
    const grid = await screen.findByRole('grid', { name: 'Табель за декабрь 2026' });
    act(() => {
      grid.scrollTop = 42 + 150 * 42;
      grid.dispatchEvent(new Event('scroll'));
    });
    const alert = await screen.findByRole('alert', {}, { timeout: 8000 });
    expect(alert.textContent).toContain('Часть строк не загрузилась');
    expect(alert.textContent).toContain('Шлюз не ответил вовремя');
    expect(alert.textContent).toContain('timesheets.grid did not answer within 30 s');
    expect(grid.querySelector('[data-employee-id="emp-150"]')).toBeNull();
    failing = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Повторить' }));
    await waitFor(() => expect(grid.querySelector('[data-employee-id="emp-150"]')).not.toBeNull());
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  }, 15_000);
});

describe('norms, when counting the employees to fetch fails', () => {
  it('says why in the confirmation instead of “counting…” for ever', async () => {
    renderConsole(<TimesheetsPage month={month} tab="norms" />, {
      handlers: {
        ...baseHandlers,
        'norms.list': (input) => {
          if (input.limit === 1) throw gatewayError('timeout', 'norms.list did not answer within 30 s', 'retryable');
          return { year: input.year, mode: input.mode, periods: [], total: 0, rows: [], facets: facetsForTests };
        },
      },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Fetch norms for 2026…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Fetch norms for 2026?' });
    await within(dialog).findByText(/norms\.list did not answer within 30 s/);
    expect(dialog.textContent).toContain('The gateway did not answer in time');
    expect(dialog.textContent).not.toContain('Counting');
    expect((within(dialog).getByRole('button', { name: 'Fetch norms' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('an upload of schedules progressing while the T-13 is on screen', () => {
  it('refreshes the grid: what it compares the days with (the uploaded schedule) has changed', async () => {
    const { client } = renderConsole(<TimesheetsPage month={month} tab="grid" />, { handlers: baseHandlers, language: 'en' });
    await screen.findByRole('grid', { name: 'Timesheet for December 2026' });
    const gridCalls = () => client.calls.filter((c) => c.method === 'timesheets.grid').length;
    const before = gridCalls();
    act(() => client.emit('schedules.uploadProgress', jobForTests(7, { total: 3, pending: 0, completed: 3, finished: true })));
    await waitFor(() => expect(gridCalls()).toBeGreaterThan(before));
  });
});

describe('norms, when the fetch is refused', () => {
  it('says why in the confirmation, in the operator’s language and the gateway’s words, and keeps it open', async () => {
    renderConsole(<TimesheetsPage month={month} tab="norms" />, {
      handlers: {
        ...baseHandlers,
        'norms.list': (input) => ({ year: input.year, mode: input.mode, periods: [], total: 2, rows: [], facets: facetsForTests }),
        'norms.fetch': () => {
          throw gatewayError('disconnected', 'the connection to the gateway closed (code 1006)', 'retryable');
        },
      },
      language: 'ru',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Получить нормы за 2026…' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Запросить нормы' }) as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false));
    fireEvent.click(confirm);
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Нормы не запрошены');
    expect(alert.textContent).toContain('Нет связи со шлюзом');
    expect(alert.textContent).toContain('the connection to the gateway closed (code 1006)');
  });
});

describe('the count beside the total', () => {
  it('counts the fetched timesheets under the same filters as the total it follows', async () => {
    const all = gridHandler(40);
    renderConsole(<TimesheetsPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'timesheets.grid': (input) => {
          const d2 = input.departmentId === 'd2';
          const total = input.onlyFetched ? (d2 ? 1 : 25) : d2 ? 10 : 40;
          return { ...all({ ...input, limit: Math.min(input.limit, total) }), total };
        },
      },
      language: 'en',
    });
    await screen.findByRole('grid');
    await waitFor(() => expect(screen.getByTestId('timesheet-total').textContent).toBe('40 employees · fetched: 25'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), { target: { value: 'd2' } });
    await waitFor(() => expect(screen.getByTestId('timesheet-total').textContent).toBe('10 employees · fetched: 1'));
  });
});
