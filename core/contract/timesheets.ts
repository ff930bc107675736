/**
 * Timesheets and hours norms from 1C:ZUP (PROTOCOLS.md §1.2, §1.4) as they
 * cross the boundary: fetching them (queue operations, a job with progress),
 * the T-13-like grid of a month beside the uploaded schedule, the days as rows,
 * the norms with each employee's weekly-norm history, and exports.
 * core/timesheet uses these types as they are (z.infer).
 */
import { z } from 'zod';
import { civilDateSchema, instantSchema, paging } from './common.ts';
import { employeeScopeFields, exchangeJobSchema, exportFormatSchema, gridEmployeeSchema, gridFacetsSchema, monthSchema, normCompareSchema, periodChecked } from './schedules.ts';

const listFilters = {
  departmentId: employeeScopeFields.departmentId,
  area: employeeScopeFields.area,
  /** Name, tab number or external id. */
  search: z.string().max(200).optional(),
  employeeIds: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
};

// ------------------------------------------------------------------ fetch

/**
 * Reads the timesheets of a period from 1C for the employees in scope
 * employed in it: one queue operation per month and batch of at most
 * onec.timesheetBatch agents. Re-fetching a period replaces it. Answers at
 * once with the job; `timesheets.fetchProgress` follows it.
 */
export const timesheetsFetchInput = periodChecked(z.object({ from: civilDateSchema, to: civilDateSchema, ...employeeScopeFields }).strict());

export const timesheetsJobInput = z.object({ jobId: z.number().int().positive() }).strict();
export const timesheetsJobsInput = z
  .object({ kind: z.enum(['timesheet_fetch', 'norm_fetch']).optional(), limit: z.number().int().min(1).max(200).default(20) })
  .strict();

// ------------------------------------------------------------------ the month grid (T-13)

/** One code of a day as 1C sent it: several a day are normal (Я 11 and С 2.75). */
export const timesheetEntrySchema = z.object({
  code: z.string(),
  /** 0 for whole-day codes (В, ОТ, Б…). */
  hours: z.number(),
  /** False for a code the gateway does not know: kept and shown as it is. */
  known: z.boolean(),
});

export const contradictionKindSchema = z.enum([
  /** Work codes on a day the uploaded schedule has no shift (and no РВ). */
  'worked_without_shift',
  /** A shift in the uploaded schedule, and neither work nor a known absence in the timesheet (nothing, a day off, an unknown code). */
  'shift_not_worked',
  /** A shift in the uploaded schedule, and an absence in the timesheet (НН, Б, ОТ…): the schedule needs another look. */
  'absent_on_shift',
  /** Worked hours (Я, Н) differ from the shift's paid hours by more than a quarter of an hour. */
  'hours_differ',
]);

export const timesheetDaySchema = z.object({
  date: z.string(),
  entries: z.array(timesheetEntrySchema),
  /** Hours of work codes (Я, Н, РВ, С…). */
  workedHours: z.number(),
  /** The schedule of the day (see the row's scheduleBasis), null without a shift. */
  scheduled: z.object({ paidHours: z.number(), dayHours: z.number(), nightHours: z.number() }).nullable(),
  contradiction: z.object({ kind: contradictionKindSchema, message: z.string() }).nullable(),
});

export const halfTotalsSchema = z.object({ days: z.number(), hours: z.number() });

export const absenceSchema = z.object({
  code: z.string(),
  days: z.number(),
  /** From "2(6)": days(hours); null for whole days ("14"). */
  hours: z.number().nullable(),
  /** As 1C wrote it. */
  text: z.string(),
  known: z.boolean(),
});

export const timesheetGridRowSchema = z.object({
  employee: gridEmployeeSchema,
  /** When this month's timesheet was fetched; null: never (days empty). */
  fetchedAt: instantSchema.nullable(),
  /** One per date of the month, in order. */
  days: z.array(timesheetDaySchema),
  /** 1C's worked totals for days 1–15 and 16–end, and their sum. */
  half1: halfTotalsSchema.nullable(),
  half2: halfTotalsSchema.nullable(),
  month: halfTotalsSchema.nullable(),
  absences: z.array(absenceSchema),
  norm: normCompareSchema,
  /** Paid hours of the schedule the days are compared with. */
  scheduledHours: z.number().nullable(),
  /** Hours of work codes in the month. */
  workedHours: z.number(),
  /**
   * What `scheduled` is: the schedule as last uploaded to 1C ('uploaded'), the
   * stored shifts when the month was never uploaded ('stored': not compared),
   * or nothing.
   */
  scheduleBasis: z.enum(['uploaded', 'stored', 'none']),
  /** Days where the timesheet contradicts the uploaded schedule. */
  contradictions: z.number().int().min(0),
});

export const timesheetCodeSchema = z.object({ code: z.string(), known: z.boolean(), meaning: z.string().nullable() });

export const timesheetsGridInput = z
  .object({
    month: monthSchema,
    ...listFilters,
    /** Only employees with at least one contradiction. */
    onlyContradictions: z.boolean().default(false),
    /** Only employees whose timesheet of the month was fetched. */
    onlyFetched: z.boolean().default(false),
    ...paging(100, 1000),
  })
  .strict();

export const timesheetsGridOutput = z.object({
  month: monthSchema,
  days: z.array(z.object({ date: z.string(), /** ISO weekday: 1 Monday … 7 Sunday. */ weekday: z.number().int().min(1).max(7) })),
  total: z.number().int().min(0),
  rows: z.array(timesheetGridRowSchema),
  /** The codes on this page with their meaning (unknown ones with null). */
  codes: z.array(timesheetCodeSchema),
  facets: gridFacetsSchema,
});

/** The stored days as rows: per employee and day, one row per code. */
export const timesheetsDaysInput = periodChecked(
  z
    .object({
      from: civilDateSchema,
      to: civilDateSchema,
      ...listFilters,
      ...paging(1000, 20_000),
    })
    .strict(),
);
export const timesheetDayRowSchema = z.object({
  employeeId: z.string(),
  tabN: z.string(),
  fullName: z.string(),
  date: z.string(),
  code: z.string(),
  hours: z.number(),
  known: z.boolean(),
});
export const timesheetsDaysOutput = z.object({ total: z.number().int().min(0), rows: z.array(timesheetDayRowSchema) });

export const timesheetsExportInput = periodChecked(
  z
    .object({
      from: civilDateSchema,
      to: civilDateSchema,
      ...employeeScopeFields,
      format: exportFormatSchema.default('xlsx'),
      /** 'days': a row per employee, day and code; 'grid': a row per employee and month, a column per day (T-13). */
      layout: z.enum(['days', 'grid']).default('days'),
    })
    .strict(),
);

// ------------------------------------------------------------------ norms

export const normModeSchema = z.enum(['month', 'quarter', 'year']);
const year = z.number().int().min(2000, 'a year from 2000').max(2100, 'a year up to 2100');

/**
 * Reads hours norms of a year from 1C for the employees in scope, AR_norms
 * built from each one's weekly-norm history (recorded by personnel sync).
 * Answers at once with the job.
 */
export const normsFetchInput = z.object({ year, mode: normModeSchema.default('month'), ...employeeScopeFields }).strict();

export const normChangeSchema = z.object({ normWeek: z.number(), changeDate: z.string(), recordedAt: instantSchema });

export const normsListInput = z
  .object({
    year,
    mode: normModeSchema.default('month'),
    ...listFilters,
    /** Only employees with norms fetched for the year and mode. */
    onlyFetched: z.boolean().default(false),
    ...paging(100, 1000),
  })
  .strict();

export const normPeriodSchema = z.object({ start: z.string(), end: z.string(), label: z.string() });

export const normsListOutput = z.object({
  year: z.number().int(),
  mode: normModeSchema,
  /** The columns: months, quarters or the year. */
  periods: z.array(normPeriodSchema),
  total: z.number().int().min(0),
  rows: z.array(
    z.object({
      employee: gridEmployeeSchema,
      /** Weekly-norm changes as the directory recorded them, oldest first. */
      history: z.array(normChangeSchema),
      /** One per column: 1C's hours (its period clipped to hire and termination), null when 1C sent none. */
      hours: z.array(z.object({ start: z.string(), end: z.string(), hours: z.number() }).nullable()),
      totalHours: z.number().nullable(),
      fetchedAt: instantSchema.nullable(),
    }),
  ),
  facets: gridFacetsSchema,
});

export const normsHistoryInput = z.object({ employeeId: z.string().min(1).max(200) }).strict();
export const normsHistoryOutput = z.object({ employeeId: z.string(), history: z.array(normChangeSchema) });

export const normsExportInput = z.object({ year, mode: normModeSchema.default('month'), ...employeeScopeFields, format: exportFormatSchema.default('xlsx') }).strict();

export const timesheetsJobSchema = exchangeJobSchema;

export type TimesheetEntry = z.infer<typeof timesheetEntrySchema>;
export type ContradictionKind = z.infer<typeof contradictionKindSchema>;
export type TimesheetDayView = z.infer<typeof timesheetDaySchema>;
export type TimesheetGridRow = z.infer<typeof timesheetGridRowSchema>;
export type TimesheetCode = z.infer<typeof timesheetCodeSchema>;
export type TimesheetDayRow = z.infer<typeof timesheetDayRowSchema>;
export type AbsenceView = z.infer<typeof absenceSchema>;
export type HalfTotals = z.infer<typeof halfTotalsSchema>;
export type NormMode = z.infer<typeof normModeSchema>;
export type NormChange = z.infer<typeof normChangeSchema>;
export type NormPeriod = z.infer<typeof normPeriodSchema>;
