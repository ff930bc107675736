// Contract-valid schedule data for the renderer's tests: employees, shifts with their day/night
// split, upload cells, and a paged schedules.list answer over any number of employees.
import type { ExchangeJob, GridEmployee, Output, ParsedInput, ScheduleGridRow, ShiftView, UploadCell, UploadPreview } from '../../../../core/contract/index.ts';

const H = 3_600_000;

export function employeeForTests(i: number, over: Partial<GridEmployee> = {}): GridEmployee {
  return {
    externalId: `emp-${i}`,
    tabN: `T-${String(i).padStart(5, '0')}`,
    fullName: `Сотрудник Номер ${i}`,
    departmentId: 'd1',
    departmentName: 'Контакт-центр',
    positionName: 'Оператор',
    area: 'Yekaterinburg',
    zone: 'Asia/Yekaterinburg',
    rate: 1,
    hireDate: '2020-01-01',
    terminationDate: null,
    active: true,
    ...over,
  };
}

/** A shift on a local date, its wall times in Yekaterinburg (UTC+5). */
export function shiftForTests(employeeId: string, date: string, start: string, end: string, over: Partial<ShiftView> = {}): ShiftView {
  const startAt = Date.parse(`${date}T${start}:00+05:00`);
  let endAt = Date.parse(`${date}T${end}:00+05:00`);
  if (endAt <= startAt) endAt += 24 * H;
  const paid = endAt - startAt;
  return {
    id: Math.floor(startAt / 1000) % 1_000_000,
    employeeId,
    date,
    start: new Date(startAt).toISOString(),
    end: new Date(endAt).toISOString(),
    startLocal: start,
    endLocal: end,
    endsNextDay: endAt - startAt > 0 && end <= start,
    breakMinutes: 0,
    breakStart: null,
    breakStartLocal: null,
    type: 'day',
    location: 'EKB',
    paidMs: paid,
    dayMs: paid,
    nightMs: 0,
    importId: 1,
    ...over,
  };
}

export function uploadCellForTests(month: string, over: Partial<UploadCell> = {}): UploadCell {
  return {
    month,
    state: 'not_sent',
    message: null,
    messageFrom: null,
    periodFrom: null,
    periodTo: null,
    shifts: null,
    changedSinceSent: false,
    operationId: null,
    jobId: null,
    httpStatus: null,
    sentAt: null,
    updatedAt: null,
    ...over,
  };
}

export function gridRowForTests(i: number, month: string, shifts: ShiftView[] = [], over: Partial<ScheduleGridRow> = {}): ScheduleGridRow {
  const employee = over.employee ?? employeeForTests(i);
  const totals = { shifts: shifts.length, paidMs: 0, dayMs: 0, nightMs: 0 };
  for (const s of shifts) {
    totals.paidMs += s.paidMs;
    totals.dayMs += s.dayMs;
    totals.nightMs += s.nightMs;
  }
  return {
    employee,
    shifts,
    totals,
    norm: { hours: 168, rate: 1, limitHours: 168, scheduledHours: totals.paidMs / H, over: false, fetchedAt: '2026-12-01T00:00:00.000Z' },
    upload: uploadCellForTests(month),
    errors: 0,
    ...over,
  };
}

export function daysOfMonth(month: string): string[] {
  const n = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export const facetsForTests = {
  departments: [
    { id: 'd1', name: 'Контакт-центр', count: 90 },
    { id: 'd2', name: 'Бэк-офис', count: 10 },
  ],
  areas: [
    { area: 'Yekaterinburg', count: 60 },
    { area: 'Moscow', count: 40 },
  ],
};

/** schedules.list over `total` employees: rows made on demand from their index. */
export function scheduleListHandler(total: number, make: (i: number, month: string) => ScheduleGridRow = (i, m) => gridRowForTests(i, m)) {
  return (input: ParsedInput<'schedules.list'>): Output<'schedules.list'> => {
    const rows: ScheduleGridRow[] = [];
    for (let i = input.offset; i < Math.min(total, input.offset + input.limit); i++) rows.push(make(i, input.month));
    return { month: input.month, days: daysOfMonth(input.month), total, rows, facets: facetsForTests, maxShiftHours: 16 };
  };
}

export function previewForTests(over: Partial<UploadPreview> = {}): UploadPreview {
  return {
    from: '2026-11-01',
    to: '2027-01-31',
    currentMonth: '2026-12',
    employeesInScope: 1300,
    employees: 1240,
    months: 2470,
    shifts: 26310,
    skipped: [
      { reason: 'closed_month', employees: 30, months: 30, note: 'months before 2026-12 are closed in 1C: not sent' },
      { reason: 'before_hire', employees: 4, months: 4, note: 'months before the hire date: not sent' },
      { reason: 'after_termination', employees: 2, months: 2, note: 'months after the termination date: not sent' },
    ],
    message: 'preview',
    ...over,
  };
}

export function jobForTests(id: number, over: Partial<ExchangeJob> = {}): ExchangeJob {
  return {
    id,
    kind: 'schedule_upload',
    createdAt: '2026-12-06T09:00:00.000Z',
    createdBy: 'Иванова А.С.',
    from: '2026-12-01',
    to: '2026-12-31',
    scope: { departmentId: null, area: null, employees: null },
    total: 8,
    pending: 8,
    running: 0,
    retrying: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    finished: false,
    unreadable: 0,
    preview: null,
    message: 'job',
    ...over,
  };
}
