import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportIssue, ImportReport } from '../contract/index.ts';
import { ManualClock } from '../time/clock.ts';
import { importSchedule, type ImportOptions, type ImportSource } from './import.ts';
import { readShifts } from './shift-store.ts';
import { tempDirectoryDb } from './testing/directory.ts';
import type { Db } from '../db/open.ts';

let t: ReturnType<typeof tempDirectoryDb>;
let db: Db;
const clock = new ManualClock('2026-12-01T08:00:00Z');

beforeEach(() => {
  t = tempDirectoryDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const HEADER = 'agentId;tabN;date;start;end;break_minutes;break_start;type;location';

function csv(lines: string[], opts: { bom?: boolean; sep?: string; header?: string } = {}): ImportSource {
  const sep = opts.sep ?? ';';
  const text = [(opts.header ?? HEADER).replaceAll(';', sep), ...lines.map((l) => l.replaceAll(';', sep))].join('\r\n') + '\r\n';
  return { kind: 'file', name: 'schedule.csv', bytes: Buffer.from((opts.bom === false ? '' : '\uFEFF') + text, 'utf8') };
}

function run(source: ImportSource, o: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return importSchedule(db, source, { partial: false, dryRun: false, maxIssues: 1000, actor: 'Тестов', clock, maxShiftHours: 12, defaultZone: 'Europe/Moscow', ...o });
}

const errorsOf = (r: ImportReport) => r.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.code]);
const stored = () => readShifts(db, { from: '2026-01-01', to: '2027-12-31' });

describe('schedule import: a valid file', () => {
  it('stores shifts in the zone of each site, an end before the start on the next day, a centred break', async () => {
    const r = await run(
      csv([
        'a-ivanov;;2026-12-10;09:00;18:00;60;13:00;day;MSK',
        ';100-02;2026-12-10;19:00;07:00;60;02:00;night;EKB',
        'a-ivanov;;2026-12-11;08:00;16:00;30;;day;MSK',
      ]),
    );
    expect(r).toMatchObject({ stored: true, rowsRead: 3, rowsStored: 3, errors: 0, warnings: 0, employees: 2, period: { from: '2026-12-10', to: '2026-12-11' }, format: 'csv' });
    const s = stored();
    const petrova = s.find((x) => x.employeeExternalId === 'a-petrova')!;
    expect(new Date(petrova.startAt).toISOString()).toBe('2026-12-10T14:00:00.000Z');
    expect(new Date(petrova.endAt).toISOString()).toBe('2026-12-11T02:00:00.000Z');
    expect(new Date(petrova.breakStartAt!).toISOString()).toBe('2026-12-10T21:00:00.000Z');
    const centred = s.find((x) => x.localDate === '2026-12-11')!;
    // 08:00–16:00 with 30 min: the break starts 3 h 45 min in (08:00 Moscow = 05:00Z).
    expect(new Date(centred.breakStartAt!).toISOString()).toBe('2026-12-11T08:45:00.000Z');
    expect(new Set(s.map((x) => x.importId))).toEqual(new Set([r.importId]));
    expect(s.every((x) => /^[\w-]{20,}$/.test(x.contentHash))).toBe(true);
  });

  it('reads "," separated files without a BOM, quoted values, DD.MM.YYYY dates and H:MM times', async () => {
    const r = await run(csv(['a-ivanov,,10.12.2026,9:00,18:00,60,,"day, office","Москва, 3 этаж"'], { bom: false, sep: ',' }));
    expect(r.errors).toBe(0);
    const [s] = stored();
    expect(s).toMatchObject({ localDate: '2026-12-10', type: 'day, office', location: 'Москва, 3 этаж' });
    expect(new Date(s!.startAt).toISOString()).toBe('2026-12-10T06:00:00.000Z');
  });

  it('takes 24:00 as the end of the day and ignores blank separator rows Excel leaves', async () => {
    const r = await run(csv(['a-ivanov;;2026-12-10;16:00;24:00;0;;;', ';;;;;;;;', ';;;;;;;;']));
    expect(r).toMatchObject({ rowsRead: 1, rowsStored: 1, errors: 0 });
    expect(new Date(stored()[0]!.endAt).toISOString()).toBe('2026-12-10T21:00:00.000Z');
  });

  it('replaces the shifts of the employees it covers over its period, and keeps the others', async () => {
    await run(csv(['a-ivanov;;2026-12-10;09:00;18:00;60;;;', 'a-ivanov;;2026-12-12;09:00;18:00;60;;;', 'a-sidorov;;2026-12-10;09:00;18:00;60;;;', 'a-ivanov;;2026-12-20;09:00;18:00;60;;;']));
    const r = await run(csv(['a-ivanov;;2026-12-10;10:00;19:00;60;;;', 'a-ivanov;;2026-12-13;10:00;19:00;60;;;']));
    expect(r.shiftsReplaced).toBe(2);
    const s = stored().map((x) => `${x.employeeExternalId} ${x.localDate}`);
    expect(s.sort()).toEqual(['a-ivanov 2026-12-10', 'a-ivanov 2026-12-13', 'a-ivanov 2026-12-20', 'a-sidorov 2026-12-10']);
  });

  it('writes one audit entry naming the import, its period and counts', async () => {
    const r = await run(csv(['a-ivanov;;2026-12-10;09:00;18:00;60;;;']));
    const row = db.prepare("SELECT actor, entity_id, after FROM audit_log WHERE action = 'schedules.import'").get() as { actor: string; entity_id: string; after: string };
    expect(row.actor).toBe('Тестов');
    expect(row.entity_id).toBe(String(r.importId));
    expect(JSON.parse(row.after)).toMatchObject({ from: '2026-12-10', to: '2026-12-10', rowsStored: 1, employees: 1 });
  });

  it('reads the first sheet of an XLSX file: date cells, times as Excel stores them, rich text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('График');
    wb.addWorksheet('Другой лист').addRow(['ignored']);
    ws.addRow(['agentId', 'date', 'start', 'end', 'break_minutes']);
    ws.addRow(['a-ivanov', new Date(Date.UTC(2026, 11, 10)), new Date(Date.UTC(1899, 11, 30, 19, 0)), 0.25, 60]);
    ws.addRow([{ richText: [{ text: 'a-iva' }, { text: 'nov' }] }, '2026-12-12', '09:00', '18:00', '30']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await run({ kind: 'file', name: 'grafik.xlsx', bytes });
    expect(r).toMatchObject({ format: 'xlsx', rowsStored: 2, errors: 0 });
    const s = stored();
    expect(s.map((x) => [x.localDate, new Date(x.startAt).toISOString(), new Date(x.endAt).toISOString()])).toEqual([
      ['2026-12-10', '2026-12-10T16:00:00.000Z', '2026-12-11T03:00:00.000Z'],
      ['2026-12-12', '2026-12-12T06:00:00.000Z', '2026-12-12T15:00:00.000Z'],
    ]);
  });

  it('takes rows as JSON (schedules.import) with row numbers for lines', async () => {
    const r = await run({
      kind: 'rows',
      name: 'Argus WFM',
      rows: [
        { agentId: 'a-ivanov', date: '2026-12-10', start: '09:00', end: '18:00', break_minutes: 60 },
        { agentId: 'nobody', date: '2026-12-10', start: '09:00', end: '18:00' },
      ],
    });
    expect(r.format).toBe('json');
    expect(errorsOf(r)).toEqual([[2, 'unknown_employee']]);
  });
});

describe('schedule import: every rule, every line, nothing stored', () => {
  it('reports each problem with its line and field, and stores nothing', async () => {
    const r = await run(
      csv([
        /* 2 */ 'nobody;;2026-12-10;09:00;18:00;0;;;',
        /* 3 */ 'a-petrova;;2026-12-04;09:00;18:00;0;;;',
        /* 4 */ 'a-sidorov;;2026-12-21;09:00;18:00;0;;;',
        /* 5 */ 'a-ivanov;;2026-12-10;08:00;21:00;0;;;',
        /* 6 */ 'a-ivanov;;2026-12-11;09:00;17:00;480;;;',
        /* 7 */ 'a-ivanov;;2026-12-12;09:00;17:00;60;17:30;;',
        /* 8 */ 'a-ivanov;;2026-13-01;09:00;17:00;0;;;',
        /* 9 */ 'a-ivanov;;2026-12-14;9.00;17:00;0;;;',
        /* 10 */ 'a-ivanov;;2026-12-15;09:00;17:00;half;;;',
        /* 11 */ ';200-00;2026-12-16;09:00;17:00;0;;;',
        /* 12 */ ';;2026-12-16;09:00;17:00;0;;;',
        /* 13 */ 'a-sidorov;;;09:00;17:00;0;;;',
        /* 14 */ 'a-sidorov;;2026-12-01;09:00;;0;;;',
        /* 15 */ 'a-sidorov;;2026-12-02;25:00;17:00;0;;;',
        /* 16 */ 'a-sidorov;;2026-12-03;09:00;17:00;30;7:00;;',
      ]),
    );
    expect(errorsOf(r)).toEqual([
      [2, 'unknown_employee'],
      [3, 'before_hire'],
      [4, 'after_termination'],
      [5, 'too_long'],
      [6, 'break_too_long'],
      [7, 'break_outside'],
      [8, 'bad_date'],
      [9, 'bad_time'],
      [10, 'bad_number'],
      [11, 'ambiguous_employee'],
      [12, 'missing_value'],
      [13, 'missing_value'],
      [14, 'missing_value'],
      [15, 'bad_time'],
      [16, 'break_outside'],
    ]);
    const byLine = new Map(r.issues.map((i) => [i.line, i]));
    expect(byLine.get(3)!.message).toContain('before the hire date of Петрова Анна (100-02), 2026-12-05');
    expect(byLine.get(4)!.message).toContain('after the termination date of Сидоров Олег (100-03), 2026-12-20');
    expect(byLine.get(5)!.message).toMatch(/13 h long, over the limit of 12 h \(schedules\.maxShiftHours\)/);
    expect(byLine.get(8)!.field).toBe('date');
    expect(byLine.get(9)!.message).toContain('start "9.00" is not a time');
    expect(byLine.get(14)!.field).toBe('end');
    expect(r).toMatchObject({ stored: false, importId: null, rowsRead: 15, rowsValid: 0, rowsStored: 0, rowsRejected: 15 });
    expect(r.message).toMatch(/nothing stored/);
    expect(stored()).toEqual([]);
  });

  it('names both lines of an overlap, and a stored shift just outside the period it would overlap', async () => {
    await run(csv(['a-ivanov;;2026-12-09;22:00;08:00;0;;;']));
    const r = await run(
      csv([
        'a-ivanov;;2026-12-10;07:00;15:00;0;;;',
        'a-ivanov;;2026-12-11;09:00;18:00;0;;;',
        'a-ivanov;;2026-12-11;17:00;23:00;0;;;',
        'a-sidorov;;2026-12-11;17:00;23:00;0;;;',
      ]),
    );
    const overlaps = r.issues.filter((i) => i.code === 'overlap');
    expect(overlaps.map((i) => [i.line, i.relatedLine])).toEqual([
      [2, null],
      [3, 4],
      [4, 3],
    ]);
    expect(overlaps[0]!.message).toContain('the stored shift 2026-12-09 22:00–08:00');
    expect(overlaps[1]!.message).toContain('overlaps the shift 2026-12-11 17:00–23:00 on line 4');
    expect(r.stored).toBe(false);
  });

  it('with partial, stores the valid rows and rejects the others', async () => {
    const r = await run(csv(['a-ivanov;;2026-12-10;09:00;18:00;60;;;', 'nobody;;2026-12-10;09:00;18:00;0;;;', 'a-sidorov;;2026-12-11;09:00;18:00;60;;;']), { partial: true });
    expect(r).toMatchObject({ stored: true, rowsStored: 2, rowsRejected: 1, errors: 1 });
    expect(stored().map((s) => s.employeeExternalId).sort()).toEqual(['a-ivanov', 'a-sidorov']);
  });

  it('a dry run stores nothing even when every row is valid', async () => {
    const r = await run(csv(['a-ivanov;;2026-12-10;09:00;18:00;60;;;']), { dryRun: true });
    expect(r).toMatchObject({ stored: false, dryRun: true, rowsValid: 1, errors: 0 });
    expect(stored()).toEqual([]);
  });

  it('refuses a header without the required columns, naming what it found', async () => {
    const r = await run(csv(['a-ivanov;2026-12-10;09:00'], { header: 'employee;day;from' }));
    expect(r.issues).toEqual([expect.objectContaining({ line: 1, code: 'bad_header', message: expect.stringContaining('found "employee", "day", "from"') })]);
    expect(r.rowsRead).toBe(0);
  });

  it('refuses a file that is not UTF-8, saying how to save it', async () => {
    const cp1251 = Buffer.from([0x61, 0x67, 0x65, 0x6e, 0x74, 0x49, 0x64, 0x3b, 0xc8, 0xe2, 0xe0, 0xed, 0x0d, 0x0a]);
    const r = await run({ kind: 'file', name: 'old.csv', bytes: cp1251 });
    expect(r.issues).toEqual([expect.objectContaining({ line: null, code: 'bad_file', message: expect.stringContaining('CSV UTF-8') })]);
  });

  it('reports where a CSV breaks (a quote never closed)', async () => {
    const r = await run(csv(['a-ivanov;;2026-12-10;09:00;18:00;0;;"day;', 'a-ivanov;;2026-12-11;09:00;18:00;0;;;']));
    expect(r.issues[0]).toMatchObject({ code: 'bad_file', message: expect.stringContaining('never closed') });
    expect(r.stored).toBe(false);
  });

  it('warns, without blocking, about an unknown site and hours over the 1C norm × rate', async () => {
    db.prepare("INSERT INTO norm_hours (employee_external_id, mode, period_start, period_end, hours, fetched_at) VALUES ('a-petrova', 'month', '2026-12-05', '2026-12-31', 30, 0)").run();
    // Petrova is on a rate of 0.5: her limit is 15 h; two 8-hour shifts are 16.
    const r = await run(csv([';100-02;2026-12-10;09:00;17:00;0;;;', ';100-02;2026-12-11;09:00;17:00;0;;;', 'a-far;;2026-12-10;09:00;17:00;0;;;']));
    const warnings = r.issues.filter((i: ImportIssue) => i.severity === 'warning');
    expect(warnings.map((w) => [w.line, w.code])).toEqual([
      [2, 'over_norm'],
      [4, 'unknown_site'],
    ]);
    expect(warnings[0]!.message).toContain('16 h scheduled for Петрова Анна (100-02) in 2026-12, above the 1C norm 30 h × rate 0.5 = 15 h');
    expect(warnings[1]!.message).toContain('"Марс"');
    expect(r).toMatchObject({ stored: true, errors: 0, warnings: 2 });
  });

  it('with partial, a valid shift must not overlap a stored one that stays because the row of its date was rejected', async () => {
    // Stored: Ivanov 2026-12-10 22:00–06:00.
    expect((await run(csv(['a-ivanov;;2026-12-10;22:00;06:00;0;;;']))).stored).toBe(true);
    // The file's 2026-12-10 row (Sidorov's, too long) is rejected, so the import replaces 11..12 only and the stored night shift stays: the 05:00 shift overlaps it.
    const r = await run(csv(['a-sidorov;;2026-12-10;09:00;23:00;0;;;', 'a-ivanov;;2026-12-11;05:00;13:00;0;;;', 'a-ivanov;;2026-12-12;09:00;18:00;0;;;']), { partial: true });
    expect(errorsOf(r)).toEqual([
      [2, 'too_long'],
      [3, 'overlap'],
    ]);
    expect(r).toMatchObject({ stored: true, rowsStored: 1, period: { from: '2026-12-12', to: '2026-12-12' } });
    expect(stored().map((x) => [x.localDate, x.endAt - x.startAt])).toEqual([
      ['2026-12-10', 8 * 3_600_000],
      ['2026-12-12', 9 * 3_600_000],
    ]);
  });

  it('lists at most maxIssues issues, counting all of them', async () => {
    const r = await run(csv(Array.from({ length: 30 }, (_, i) => `nobody-${i};;2026-12-10;09:00;18:00;0;;;`)), { maxIssues: 5 });
    expect(r.issues).toHaveLength(5);
    expect(r.issuesTruncated).toBe(true);
    expect(r.issueCounts).toEqual([{ code: 'unknown_employee', severity: 'error', count: 30 }]);
  });
});
