import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ImportReport, Output, ParsedInput } from '../../../../core/contract/index.ts';
import { gatewayError } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { employeeForTests, gridRowForTests, jobForTests, previewForTests, scheduleListHandler, shiftForTests, uploadCellForTests } from './fixtures.ts';
import { SchedulesPage } from './SchedulesPage.tsx';

const H = 3_600_000;
const month = '2026-12';

/** Employee i: a day shift on the 1st (09–18, an hour's break), a night shift on the 2nd (20–08: 4 h day, 7 h night). */
function rowWithShifts(i: number, m: string) {
  const id = `emp-${i}`;
  return gridRowForTests(i, m, [
    shiftForTests(id, `${m}-01`, '09:00', '18:00', { breakMinutes: 60, breakStartLocal: '13:00', paidMs: 8 * H, dayMs: 8 * H }),
    shiftForTests(id, `${m}-02`, '20:00', '08:00', { breakMinutes: 60, breakStartLocal: '02:00', paidMs: 11 * H, dayMs: 4 * H, nightMs: 7 * H, type: 'night' }),
  ]);
}

const baseHandlers = {
  'schedules.uploadJobs': () => ({ jobs: [] }),
};

const listCalls = (client: { calls: Array<{ method: string; input: unknown }> }) =>
  client.calls.filter((c) => c.method === 'schedules.list' && !(c.input as { onlyWithShifts?: boolean; employeeIds?: string[] }).onlyWithShifts).map((c) => c.input as ParsedInput<'schedules.list'>);

describe('the schedule grid', () => {
  it('shows employees × days, each shift as a bar with its times and day and night hours, weekends and today marked', async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, { handlers: { ...baseHandlers, 'schedules.list': scheduleListHandler(3, rowWithShifts) }, language: 'ru' });
    const grid = await screen.findByRole('grid', { name: 'График на декабрь 2026' });
    expect(screen.getByTestId('schedule-total').textContent).toMatch(/^3 сотрудника · со сменами: 3$/);
    expect(Number(grid.getAttribute('aria-rowcount'))).toBe(4);
    const row = grid.querySelector('[data-employee-id="emp-1"]') as HTMLElement;
    expect(within(row).getByRole('rowheader').textContent).toContain('Сотрудник Номер 1');
    expect(within(row).getByRole('rowheader').textContent).toContain('T-00001');
    const day1 = within(row).getByRole('gridcell', { name: /^01\.12\.2026: 09:00–18:00, перерыв 60 мин с 13:00: день 8 ч, ночь 0 ч/ });
    expect(day1.textContent).toBe('09–188');
    const day2 = within(row).getByRole('gridcell', { name: /^02\.12\.2026: 20:00–08:00 \(\+1 день\), перерыв 60 мин с 02:00: день 4 ч, ночь 7 ч/ });
    expect(day2.textContent).toBe('20–084 ☾7');
    expect(within(row).getByRole('gridcell', { name: '03.12.2026: смены нет' }).textContent).toBe('');
    // 5 and 6 December 2026 are Saturday and Sunday: shaded, and said in the header.
    const headers = within(grid).getAllByRole('columnheader');
    const sat = headers.find((h) => h.getAttribute('aria-label')?.startsWith('05.12.2026'))!;
    expect(sat.getAttribute('aria-label')).toBe('05.12.2026, сб');
    expect(sat.className).toContain('is-weekend');
    expect(headers.find((h) => h.getAttribute('aria-label')?.startsWith('03.12.2026'))!.className).not.toContain('is-weekend');
    expect(listCalls(client)[0]).toMatchObject({ month, offset: 0, limit: 100 });
  });

  it('pages 100 000 employees from the gateway as it scrolls, never all of them, with a bounded DOM', async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, { handlers: { ...baseHandlers, 'schedules.list': scheduleListHandler(100_000) }, language: 'en' });
    const grid = await screen.findByRole('grid', { name: 'Schedule for December 2026' });
    expect(screen.getByTestId('schedule-total').textContent).toMatch(/^100,000 employees/);
    expect(Number(grid.getAttribute('aria-rowcount'))).toBe(100_001);
    act(() => {
      grid.scrollTop = 40 + 50_000 * 40;
      grid.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(grid.querySelector('[data-employee-id="emp-50000"]')).not.toBeNull());
    const offsets = listCalls(client).map((c) => c.offset);
    expect(offsets).toContain(0);
    expect(offsets.some((o) => o >= 49_800 && o <= 50_000)).toBe(true);
    expect(offsets.length).toBeLessThan(8);
    expect(grid.querySelectorAll('[role="row"]').length).toBeLessThan(40);
    // Across, too: only the day columns in view (and a few beyond) exist.
    const cells = grid.querySelector('[data-employee-id="emp-50000"]')!.querySelectorAll('[role="gridcell"]');
    expect(cells.length).toBeGreaterThan(10);
    expect(cells.length).toBeLessThan(31);
  });

  it('filters by department, site and a search; the upload’s scope offers the filtered employees, the search resolved to their ids', async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(40),
        'schedules.uploadState': (input) => ({
          months: [month],
          total: input.search === 'Номер 7' ? 2 : 40,
          counts: {},
          rows: input.search === 'Номер 7' ? [employeeForTests(7), employeeForTests(17)].map((employee) => ({ employee, months: [uploadCellForTests(month)] })) : [],
        }),
        'schedules.uploadPreview': (input) => previewForTests({ from: input.from, to: input.to }),
      },
      language: 'en',
    });
    await screen.findByRole('grid');
    fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), { target: { value: 'd2' } });
    await waitFor(() => expect(listCalls(client).at(-1)).toMatchObject({ departmentId: 'd2', offset: 0 }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Site' }), { target: { value: 'Moscow' } });
    await waitFor(() => expect(listCalls(client).at(-1)).toMatchObject({ departmentId: 'd2', area: 'Moscow' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Search by name, tab number or code' }), { target: { value: 'Номер 7' } });
    await waitFor(() => expect(listCalls(client).at(-1)).toMatchObject({ departmentId: 'd2', area: 'Moscow', search: 'Номер 7' }));
    expect(screen.getByRole('option', { name: 'Бэк-офис (10)' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Upload to 1C…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Upload schedules to 1C' });
    expect((within(dialog).getByRole('radio', { name: /^As filtered on screen \(«Номер 7», Бэк-офис, Moscow\)/ }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() =>
      expect(client.calls.filter((c) => c.method === 'schedules.uploadPreview').at(-1)?.input).toEqual({ from: '2026-12-01', to: '2026-12-31', departmentId: 'd2', area: 'Moscow', employeeIds: ['emp-7', 'emp-17'] }),
    );
    // Everyone instead: no filter fields at all.
    fireEvent.click(within(dialog).getByRole('radio', { name: 'All employees' }));
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'schedules.uploadPreview').at(-1)?.input).toEqual({ from: '2026-12-01', to: '2026-12-31' }));
  });
});

describe('the count beside the total', () => {
  it('counts the employees with shifts under the same filters as the total it follows', async () => {
    const all = scheduleListHandler(40);
    renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': (input) => {
          const d2 = input.departmentId === 'd2';
          const total = input.onlyWithShifts ? (d2 ? 2 : 30) : d2 ? 10 : 40;
          return { ...all({ ...input, limit: Math.min(input.limit, total) }), total };
        },
      },
      language: 'en',
    });
    await screen.findByRole('grid');
    await waitFor(() => expect(screen.getByTestId('schedule-total').textContent).toBe('40 employees · with shifts: 30'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), { target: { value: 'd2' } });
    await waitFor(() => expect(screen.getByTestId('schedule-total').textContent).toBe('10 employees · with shifts: 2'));
  });
});

describe('import, in demo mode', () => {
  const info = (simulated: Array<'onec' | 'mce'>) => ({ version: '0.1.0', host: 'web' as const, demo: simulated.length > 0, simulated, dataDir: '/tmp/x', zone: 'Europe/Moscow', startedAt: '2026-12-06T08:00:00.000Z', actor: 'tester' });

  it("offers the built-in 1C simulator's month instead of a file, and shows its report like a file's", async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'app.info': () => info(['onec', 'mce']),
        'schedules.list': scheduleListHandler(5),
        'schedules.import': () => reportForTests({ stored: true, importId: 4, source: 'demo schedule 2026-12 (built-in 1C simulator)', format: 'json', errors: 0, warnings: 0, issues: [], issueCounts: [], rowsRead: 160, rowsValid: 160, rowsStored: 160, rowsRejected: 0, employees: 8 }),
      },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a schedule file' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Import the built-in 1C simulator’s schedule for December 2026' }));
    await within(dialog).findByTestId('import-report');
    expect(client.calls.find((c) => c.method === 'schedules.import')!.input).toMatchObject({ source: { kind: 'demo', month: '2026-12' }, partial: false, dryRun: false });
    expect(within(dialog).getByTestId('import-report').textContent).toContain('demo schedule 2026-12 (built-in 1C simulator)');
  });

  it('offers nothing of the kind when 1C is real', async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: { ...baseHandlers, 'app.info': () => info(['mce']), 'schedules.list': scheduleListHandler(5) },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a schedule file' });
    // Once the dialog has its answer about the gateway (the same query offers the button in demo mode).
    await waitFor(() => expect(client.calls.some((c) => c.method === 'app.info')).toBe(true));
    await act(async () => {});
    expect(within(dialog).queryByTestId('demo-import')).toBeNull();
  });
});

function reportForTests(over: Partial<ImportReport> = {}): ImportReport {
  return {
    importId: null, stored: false, dryRun: false, partial: false, source: 'december.csv', format: 'csv',
    rowsRead: 3, rowsValid: 1, rowsStored: 0, rowsRejected: 2, shiftsReplaced: 0, employees: 1,
    period: { from: '2026-12-01', to: '2026-12-31' }, errors: 2, warnings: 1,
    issues: [
      { line: 5, severity: 'error', code: 'unknown_employee', field: 'agentId', message: 'no employee with agentId "ghost" in the directory', employeeId: null, date: null, relatedLine: null },
      { line: 7, severity: 'error', code: 'bad_time', field: 'end', message: 'end "25:00" is not a time HH:MM', employeeId: 'emp-3', date: '2026-12-07', relatedLine: null },
      { line: 9, severity: 'warning', code: 'over_norm', field: null, message: '190 h scheduled in 2026-12, above the 1C norm 168 h × rate 1', employeeId: 'emp-4', date: '2026-12-01', relatedLine: null },
    ],
    issuesTruncated: false,
    issueCounts: [{ code: 'unknown_employee', severity: 'error', count: 1 }, { code: 'bad_time', severity: 'error', count: 1 }, { code: 'over_norm', severity: 'warning', count: 1 }],
    message: '2 errors',
    ...over,
  };
}

describe('import by file', () => {
  it('sends the file in chunks, then shows every problem by line with its reason, errors apart from warnings, and links to the rows', async () => {
    const chunks: Array<ParsedInput<'schedules.stageFile'>> = [];
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(5),
        'schedules.stageFile': (input) => {
          chunks.push(input);
          const bytes = input.offset + atob(input.chunkBase64).length;
          return { stagingId: 'st-1', bytes, complete: input.last, expiresAt: '2026-12-06T10:15:00.000Z' };
        },
        'schedules.import': () => reportForTests(),
      },
      language: 'ru',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Импорт файла' }));
    const dialog = await screen.findByRole('dialog', { name: 'Импорт графика из файла' });
    const content = new Uint8Array(1_200_000).fill(0x41);
    content[0] = 0xef;
    content[1_199_999] = 0x0a;
    fireEvent.change(within(dialog).getByLabelText('Файл графика'), { target: { files: [new File([content], 'december.csv', { type: 'text/csv' })] } });
    expect(within(dialog).getByText('december.csv')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Проверить и сохранить' }));
    await within(dialog).findByTestId('import-report');

    // Three chunks of at most 512 KiB, in order, the last one marked; their bytes are the file's.
    expect(chunks.map((c) => [c.offset, c.last, c.stagingId ?? null])).toEqual([[0, false, null], [524_288, false, 'st-1'], [1_048_576, true, 'st-1']]);
    const back = chunks.map((c) => atob(c.chunkBase64)).join('');
    expect(back.length).toBe(1_200_000);
    expect(back.charCodeAt(0)).toBe(0xef);
    expect(back.charCodeAt(1_199_999)).toBe(0x0a);
    expect(client.calls.find((c) => c.method === 'schedules.import')!.input).toMatchObject({ source: { kind: 'staged', stagingId: 'st-1' }, partial: false, dryRun: false });

    expect(within(dialog).getByRole('alert').textContent).toContain('Ничего не сохранено: ошибок 2');
    const errors = within(dialog).getByRole('grid', { name: 'Ошибки импорта' });
    const errorRows = within(errors).getAllByRole('row').slice(1);
    expect(errorRows.map((r) => within(r).getAllByRole('gridcell')[0]!.textContent)).toEqual(['5', '7']);
    expect(errorRows[0]!.textContent).toContain('Неизвестный сотрудник — no employee with agentId "ghost" in the directory');
    expect(errorRows[1]!.textContent).toContain('Неверное время — end "25:00" is not a time HH:MM');
    // An unknown employee has no row to go to; a known one has.
    expect(within(errorRows[0]!).queryByRole('button')).toBeNull();
    const warnings = within(dialog).getByRole('grid', { name: 'Предупреждения импорта' });
    expect(within(warnings).getAllByRole('row')).toHaveLength(2);
    expect(warnings.textContent).toContain('Больше нормы 1С × ставка');
    expect(errors.textContent).not.toContain('Больше нормы');

    fireEvent.click(within(errorRows[1]!).getByRole('button', { name: 'Открыть в графике сотрудника из строки 7' }));
    await waitFor(() => expect(window.location.hash).toBe('#/schedules/2026-12?employee=emp-3&date=2026-12-07'));
  });

  it('with "store the valid rows only" it says what was stored and what was skipped', async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(5),
        'schedules.stageFile': (input) => ({ stagingId: 'st-2', bytes: input.offset, complete: input.last, expiresAt: '2026-12-06T10:15:00.000Z' }),
        'schedules.import': () => reportForTests({ stored: true, partial: true, importId: 4, rowsStored: 1, period: { from: '2026-12-01', to: '2026-12-01' } }),
      },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a schedule file' });
    fireEvent.change(within(dialog).getByLabelText('Schedule file'), { target: { files: [new File(['agentId;date;start;end\n'], 'dec.csv')] } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Store the valid rows only/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check and store' }));
    await within(dialog).findByTestId('import-report');
    expect(client.calls.find((c) => c.method === 'schedules.import')!.input).toMatchObject({ partial: true });
    expect(within(dialog).getByRole('alert').textContent).toContain('Only the valid rows stored: 1 of 3');
  });
});

describe('import by file, once the whole file is sent', () => {
  it('offers no cancel that cannot cancel: the gateway checks and stores in one go', async () => {
    let finish!: () => void;
    const checked = new Promise<void>((r) => (finish = r));
    renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(5),
        'schedules.stageFile': (input) => ({ stagingId: 'st-4', bytes: input.offset, complete: input.last, expiresAt: '2026-12-06T10:15:00.000Z' }),
        'schedules.import': async () => {
          await checked;
          return reportForTests({ stored: true, errors: 0, warnings: 0, issues: [], issueCounts: [], importId: 9, rowsStored: 3, rowsRejected: 0 });
        },
      },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a schedule file' });
    fireEvent.change(within(dialog).getByLabelText('Schedule file'), { target: { files: [new File(['agentId;date;start;end\n'], 'dec.csv')] } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check and store' }));
    await within(dialog).findByText('Checking the rows…');
    expect((within(dialog).getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);
    act(() => finish());
    await within(dialog).findByTestId('import-report');
  });
});

describe('import by file, a kind of problem the console does not know yet', () => {
  it('names it by its code (the contract says new codes may be added), never by a translation key', async () => {
    const added = { line: 4, severity: 'error', code: 'shift_on_holiday', field: 'date', message: 'a shift on a public holiday needs an order', employeeId: 'emp-2', date: '2026-12-31', relatedLine: null } as unknown as ImportReport['issues'][number];
    renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(5),
        'schedules.stageFile': (input) => ({ stagingId: 'st-3', bytes: input.offset, complete: input.last, expiresAt: '2026-12-06T10:15:00.000Z' }),
        'schedules.import': () => reportForTests({ errors: 1, warnings: 0, issues: [added], issueCounts: [{ code: 'shift_on_holiday' as ImportReport['issueCounts'][number]['code'], severity: 'error', count: 1 }] }),
      },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Import file' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a schedule file' });
    fireEvent.change(within(dialog).getByLabelText('Schedule file'), { target: { files: [new File(['agentId;date;start;end\n'], 'dec.csv')] } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check and store' }));
    const report = await within(dialog).findByTestId('import-report');
    expect(report.textContent).not.toContain('schedules.issue');
    // One error is not "1 errors".
    expect(within(report).getByRole('alert').textContent).toContain('Nothing stored — errors: 1');
    expect(within(report).getByRole('listitem').textContent).toBe('shift_on_holiday: 1');
    const errors = within(dialog).getByRole('grid', { name: 'Import errors' });
    expect(within(errors).getAllByRole('row')[1]!.textContent).toContain('shift_on_holiday — a shift on a public holiday needs an order');
  });
});

describe('import by file, when the gateway fails', () => {
  it('says what happened in the operator’s language, then the gateway’s words, not a bare English line', async () => {
    renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(5),
        'schedules.stageFile': () => {
          throw gatewayError('disconnected', 'the connection to the gateway closed (code 1006)', 'retryable');
        },
      },
      language: 'ru',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Импорт файла' }));
    const dialog = await screen.findByRole('dialog', { name: 'Импорт графика из файла' });
    fireEvent.change(within(dialog).getByLabelText('Файл графика'), { target: { files: [new File(['agentId;date;start;end\n'], 'dec.csv')] } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Проверить и сохранить' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Ошибка импорта');
    expect(alert.textContent).toContain('Нет связи со шлюзом');
    expect(alert.textContent).toContain('the connection to the gateway closed (code 1006)');
  });
});

describe('upload to 1C', () => {
  it('confirms with exactly how many employees and months are sent and how many are skipped and why, then follows the job', async () => {
    let jobs: Output<'schedules.uploadJobs'>['jobs'] = [];
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        'schedules.uploadJobs': () => ({ jobs }),
        'schedules.list': scheduleListHandler(5),
        'schedules.uploadPreview': (input) => previewForTests({ from: input.from, to: input.to }),
        'schedules.upload': () => {
          jobs = [jobForTests(7, { total: 1240, pending: 1240 })];
          return jobs[0]!;
        },
      },
      language: 'ru',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Отправить в 1С…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Отправка графиков в 1С' });
    fireEvent.change(within(dialog).getByLabelText('По'), { target: { value: '2027-01-31' } });
    await waitFor(() => expect(within(dialog).getByTestId('upload-question').textContent).toBe('Отправить в 1С графики 1\u00a0240 сотрудников за 2 месяца?'), { timeout: 3000 });
    expect(within(dialog).getByTestId('upload-skipped').textContent).toBe('Пропускаются 36 сотрудник-месяцев:');
    const reasons = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(reasons).toEqual([
      '30 — закрытые месяцы (раньше текущего, декабрь 2026): 1С их не меняет',
      '4 — до приёма на работу',
      '2 — после увольнения',
    ]);
    expect(client.calls.filter((c) => c.method === 'schedules.uploadPreview').at(-1)!.input).toEqual({ from: '2026-12-01', to: '2027-01-31' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Отправить в 1С (1\u00a0240 сотр.)' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Отправка графиков в 1С' })).toBeNull());
    expect(client.calls.find((c) => c.method === 'schedules.upload')!.input).toEqual({ from: '2026-12-01', to: '2027-01-31' });
    const panel = await screen.findByRole('region', { name: 'Отправка в 1С № 7' });

    act(() => client.emit('schedules.uploadProgress', jobForTests(7, { total: 1240, pending: 600, running: 2, completed: 600, failed: 38 })));
    await waitFor(() => expect(within(panel).getByTestId('job-progress-text').textContent).toBe('Готово 638 из 1\u00a0240 сотрудников · с ошибкой: 38 · в работе: 2 · в очереди: 600'));
    const bar = within(panel).getByRole('progressbar', { name: 'Отправка в 1С № 7: ход выполнения' });
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeCloseTo((638 / 1240) * 100, 0);
    // The list answers late with an older view of the job: the progress never goes backwards.
    jobs = [jobForTests(7, { total: 1240, pending: 640, completed: 600 })];
    const listed = client.calls.filter((c) => c.method === 'schedules.uploadJobs').length;
    act(() => client.emit('schedules.uploadProgress', jobForTests(7, { total: 1240, pending: 0, completed: 1200, failed: 40, finished: true })));
    await within(panel).findByText('Готово, есть ошибки');
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'schedules.uploadJobs').length).toBeGreaterThan(listed));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(within(panel).getByTestId('job-progress-text').textContent).toBe('Готово 1\u00a0240 из 1\u00a0240 сотрудников · с ошибкой: 40');
  });

  it('says there is nothing to send and does not offer to send it', async () => {
    renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(5),
        'schedules.uploadPreview': (input) => previewForTests({ from: input.from, to: input.to, employees: 0, months: 0, shifts: 0, skipped: [{ reason: 'unchanged', employees: 5, months: 5, note: 'x' }] }),
      },
      language: 'en',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Upload to 1C…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Upload schedules to 1C' });
    await within(dialog).findByText('Nothing to send.');
    expect(within(dialog).getByText('5 unchanged: 1C already accepted exactly these shifts')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Send to 1C' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('an employee’s month', () => {
  it('Enter opens the drawer: shifts in the site’s zone with the zone named, and 1C’s message verbatim per month', async () => {
    const message = 'Нельзя изменять графики за прошедшие периоды: месяцы до 2027-01 закрыты';
    renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': scheduleListHandler(3, rowWithShifts),
        'schedules.uploadState': () => ({
          months: ['2026-10', '2026-11', '2026-12', '2027-01', '2027-02'],
          total: 1,
          counts: {},
          rows: [{
            employee: employeeForTests(0),
            months: ['2026-10', '2026-11', '2026-12', '2027-01', '2027-02'].map((m) =>
              m === '2026-12' ? uploadCellForTests(m, { state: 'rejected', message, messageFrom: 'onec', updatedAt: '2026-12-06T09:10:00.000Z', shifts: 2, periodFrom: '2026-12-01', periodTo: '2026-12-31' }) : uploadCellForTests(m),
            ),
          }],
        }),
      },
      language: 'ru',
    });
    const grid = await screen.findByRole('grid', { name: 'График на декабрь 2026' });
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    const drawer = await screen.findByRole('dialog', { name: /Сотрудник Номер 0/ });
    await within(drawer).findByText('Время: YEKT (Asia/Yekaterinburg)');
    const shifts = within(drawer).getByRole('table', { name: 'Смены' });
    expect(within(shifts).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual(['09:00–18:00', '20:00–08:00 (+1 день)']);
    const states = await within(drawer).findByRole('table', { name: 'В 1С по месяцам' });
    const dec = states.querySelector('[data-month="2026-12"]') as HTMLElement;
    expect(within(dec).getByText('Отклонён 1С')).toBeTruthy();
    expect(within(dec).getByTestId('onec-message').textContent).toBe(message);
    expect(dec.textContent).toContain('Ответ 1С:');
  });

  it('a link to a row shows that employee alone with the day active', async () => {
    window.location.hash = '#/schedules/2026-12?employee=emp-3&date=2026-12-07';
    const { client } = renderConsole(<SchedulesPage month={month} tab="grid" />, {
      handlers: { ...baseHandlers, 'schedules.list': (input) => scheduleListHandler(1, () => gridRowForTests(3, month))({ ...input, offset: 0 }) },
      language: 'en',
    });
    const grid = await screen.findByRole('grid');
    expect(listCalls(client).some((c) => c.employeeIds?.[0] === 'emp-3')).toBe(true);
    await screen.findByText('Showing the row of Сотрудник Номер 3.');
    const active = document.getElementById(grid.getAttribute('aria-activedescendant') ?? '')!;
    expect(active.getAttribute('aria-label')).toMatch(/^7 Dec 2026: /);
  });
});

describe('the upload tab', () => {
  it('lists per employee and month the state in 1C with 1C’s message verbatim, filtered by state', async () => {
    const { client } = renderConsole(<SchedulesPage month={month} tab="upload" />, {
      handlers: {
        'schedules.uploadJobs': () => ({ jobs: [jobForTests(3, { pending: 0, completed: 1, failed: 1, total: 2, finished: true })] }),
        'schedules.uploadState': (input) => ({
          months: [month],
          total: 2,
          counts: { sent: 1, rejected: 1 },
          rows: [
            { employee: employeeForTests(1), months: [uploadCellForTests(month, { state: 'sent', message: 'Индивидуальные графики записаны: создано 1, обновлено 0', messageFrom: 'onec' })] },
            { employee: employeeForTests(2), months: [uploadCellForTests(month, { state: 'rejected', message: 'Для сотрудника уже введен график на часть месяца 2026-12', messageFrom: 'onec' })] },
          ].filter((r) => !input.states || input.states.includes(r.months[0]!.state)),
        }),
      },
      language: 'en',
    });
    const table = await screen.findByRole('grid', { name: 'State in 1C per employee and month' });
    const emp2 = table.querySelector('[data-employee-id="emp-2"]') as HTMLElement;
    expect(within(emp2).getByText('Rejected by 1C')).toBeTruthy();
    expect(within(emp2).getByTestId('onec-message').textContent).toBe('Для сотрудника уже введен график на часть месяца 2026-12');
    expect(within(screen.getByRole('table', { name: 'Upload jobs' })).getByText('Done, with failures')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Rejected by 1C: 1' }));
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'schedules.uploadState').at(-1)!.input).toMatchObject({ from: month, to: month, states: ['rejected'] }));
    await waitFor(() => expect(screen.getByRole('grid', { name: 'State in 1C per employee and month' }).querySelector('[data-employee-id="emp-1"]')).toBeNull());
  });
});


describe('switching month while the next one loads', () => {
  /** The page as the router gives it: the month from the route, switched by a button here. */
  function Switcher({ tab }: { tab: 'grid' | 'upload' }) {
    const [m, setM] = useState(month);
    return (
      <>
        <button type="button" onClick={() => setM('2027-01')}>to January</button>
        <SchedulesPage month={m} tab={tab} />
      </>
    );
  }

  it('never shows December’s rows (their shifts, totals, state in 1C) under January’s days', async () => {
    let releaseJanuary!: () => void;
    const january = new Promise<void>((r) => (releaseJanuary = r));
    const list = scheduleListHandler(3, (i, m) => (m === month ? rowWithShifts(i, m) : gridRowForTests(i, m, [], { employee: employeeForTests(i, { fullName: `Январский ${i}` }) })));
    renderConsole(<Switcher tab="grid" />, {
      handlers: {
        ...baseHandlers,
        'schedules.list': async (input) => {
          if (input.month !== month && !input.onlyWithShifts) await january;
          return list(input);
        },
      },
      language: 'en',
    });
    const dec = await screen.findByRole('grid', { name: 'Schedule for December 2026' });
    expect(dec.textContent).toContain('Сотрудник Номер 1');
    fireEvent.click(screen.getByRole('button', { name: 'to January' }));
    await screen.findByText('Loading the schedule…');
    expect(screen.queryByRole('grid', { name: 'Schedule for January 2027' })).toBeNull();
    expect(screen.queryByText('Сотрудник Номер 1')).toBeNull();
    expect(screen.queryByTestId('schedule-total')).toBeNull();
    act(() => releaseJanuary());
    const jan = await screen.findByRole('grid', { name: 'Schedule for January 2027' });
    await waitFor(() => expect(jan.textContent).toContain('Январский 1'));
    expect(jan.textContent).not.toContain('Сотрудник Номер');
  });
});
