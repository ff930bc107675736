/**
 * Work schedules from Argus WFM to 1C:ZUP (PROTOCOLS.md §1.3) as they cross
 * the boundary: import (a file staged in chunks, or rows as JSON), the
 * checked report, the month grid of employees × days with day and night hours
 * and the 1C norm, validation of what is stored, the upload's preview, its
 * job and progress, and the state of every employee and month in 1C.
 *
 * Not to be confused with schedule.ts: the recurring personnel sync schedule.
 * core/schedule uses these types as they are (z.infer).
 */
import { z } from 'zod';
import { civilDateSchema, instantSchema, paging } from './common.ts';

/** A calendar month, `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');

const externalId = z.string().min(1).max(200);

/**
 * Which employees: a department, a site (1C's `area`), listed external ids, or
 * all of them when none is given. Filters combine (AND).
 */
export const employeeScopeFields = {
  departmentId: z.string().min(1).max(200).optional(),
  area: z.string().min(1).max(200).optional(),
  employeeIds: z.array(externalId).min(1, 'name at least one employee').max(20_000, 'at most 20 000 employees per request').optional(),
};

/** A period of civil dates, both ends included, at most a year long. */
const periodFields = { from: civilDateSchema, to: civilDateSchema };
export function periodChecked<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((v) => v.from <= v.to, { message: 'the period must not end before it starts', path: ['to'] })
    .refine((v) => Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`) <= 366 * 86_400_000, { message: 'the period is at most a year long', path: ['to'] });
}

/** An employee as the schedule and timesheet grids show it. */
export const gridEmployeeSchema = z.object({
  externalId: z.string(),
  tabN: z.string(),
  fullName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  positionName: z.string().nullable(),
  /** 1C's `area` as stored (the site). */
  area: z.string().nullable(),
  /** The IANA zone its times are shown and split in (the site's, or sync.defaultZone when the site is unknown). */
  zone: z.string(),
  rate: z.number().nullable(),
  hireDate: z.string(),
  terminationDate: z.string().nullable(),
  active: z.boolean(),
});

/** A stored shift, with its paid time split into day and night (22:00–06:00 in the employee's zone). */
export const shiftViewSchema = z.object({
  id: z.number().int(),
  employeeId: z.string(),
  /** The local date the shift starts on: the date it belongs to. */
  date: z.string(),
  /** UTC instants (ISO). */
  start: instantSchema,
  end: instantSchema,
  /** Wall times in the employee's zone, HH:MM. */
  startLocal: z.string(),
  endLocal: z.string(),
  /** The shift ends on a later local date than it starts (19:00–07:00). */
  endsNextDay: z.boolean(),
  /** Unpaid break. */
  breakMinutes: z.number().int().min(0),
  breakStart: instantSchema.nullable(),
  breakStartLocal: z.string().nullable(),
  type: z.string().nullable(),
  location: z.string().nullable(),
  /** Milliseconds: paid = day + night (the shift minus its break). */
  paidMs: z.number().int().min(0),
  dayMs: z.number().int().min(0),
  nightMs: z.number().int().min(0),
  importId: z.number().int().nullable(),
});

// ------------------------------------------------------------------ import

/** A cell as a script or a parsed file gives it: text, a number, or nothing. */
const cell = z.union([z.string().max(1000), z.number(), z.null()]).optional();

/**
 * One row of a schedule, with the file's column names: `agentId` (or `tabN`),
 * `date` (YYYY-MM-DD, the local date the shift starts), `start` and `end`
 * (HH:MM, local time of the employee's site; an `end` at or before `start` is
 * the next day), `break_minutes` (unpaid, default 0), `break_start` (HH:MM,
 * optional: centred when absent), `type` and `location` (optional). Values are
 * checked by the engine row by row (a bad value is an issue of its line, not a
 * refused request).
 */
export const scheduleRowSchema = z.object({
  agentId: cell,
  tabN: cell,
  date: cell,
  start: cell,
  end: cell,
  break_minutes: cell,
  break_start: cell,
  type: cell,
  location: cell,
});

/** Raw bytes per chunk of a staged file: its base64 stays well under the 1 MiB frame limit. */
export const SCHEDULE_STAGE_CHUNK_BYTES = 512 * 1024;
/** The largest schedule file the gateway takes (a month of 100 000 employees as CSV is about 170 MB; split such files by site). */
export const SCHEDULE_FILE_MAX_BYTES = 128 * 1024 * 1024;

/**
 * A dropped file, sent in chunks of SCHEDULE_STAGE_CHUNK_BYTES (base64): the
 * first without `stagingId`, the next ones with the id the first returned and
 * the byte offset they start at, the last with `last: true`. A staged file is
 * kept in memory for 15 minutes, then `schedules.import` reads it by id.
 */
export const schedulesStageFileInput = z
  .object({
    stagingId: z.string().min(1).max(100).optional(),
    fileName: z.string().trim().min(1, 'name the file').max(260),
    /** Bytes of the file before this chunk. */
    offset: z.number().int().min(0),
    chunkBase64: z.string().max(Math.ceil((SCHEDULE_STAGE_CHUNK_BYTES * 4) / 3) + 4, 'a chunk is at most SCHEDULE_STAGE_CHUNK_BYTES bytes'),
    last: z.boolean(),
  })
  .strict();
export const schedulesStageFileOutput = z.object({
  stagingId: z.string(),
  /** Bytes received so far. */
  bytes: z.number().int().min(0),
  complete: z.boolean(),
  expiresAt: instantSchema,
});

export const importSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('rows'),
      rows: z.array(scheduleRowSchema).min(1, 'send at least one row').max(50_000, 'at most 50 000 rows per request: send more requests (each replaces only the employees and dates it covers)'),
      /** Where the rows come from, for the import's record ("Argus WFM", a script's name). */
      name: z.string().trim().min(1).max(200).default('API'),
    })
    .strict(),
  z.object({ kind: z.literal('staged'), stagingId: z.string().min(1).max(100) }).strict(),
  /** Demo mode only: the built-in 1C simulator's month of shifts (5/2, 2/2, night shifts) for its people. */
  z.object({ kind: z.literal('demo'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM') }).strict(),
]);

export const schedulesImportInput = z
  .object({
    source: importSourceSchema,
    /** Store the valid rows even when others are invalid (default: any invalid row stores nothing). */
    partial: z.boolean().default(false),
    /** Check and report only; nothing is stored. */
    dryRun: z.boolean().default(false),
    /** Issues listed in the answer at most (all are counted). */
    maxIssues: z.number().int().min(1).max(1_000_000).default(2000),
  })
  .strict();

/** Why a row or a month is refused (errors) or worth a look (warnings). New codes may be added. */
export const scheduleIssueCodeSchema = z.enum([
  /** The file cannot be read as CSV or XLSX at all. */
  'bad_file',
  /** The header row lacks a required column, names one twice, or none is recognised. */
  'bad_header',
  /** A required value is empty (employee, date, start, end). */
  'missing_value',
  'unknown_employee',
  /** A tab number shared by several employees: use agentId. */
  'ambiguous_employee',
  'before_hire',
  'after_termination',
  /** Two shifts of one employee overlap (in the file, or with a stored shift on a date the file does not cover). */
  'overlap',
  /** Longer than schedules.maxShiftHours. */
  'too_long',
  /** The break is as long as the shift or longer. */
  'break_too_long',
  /** The break starts before the shift or ends after it. */
  'break_outside',
  'bad_date',
  'bad_time',
  'bad_number',
  /** A type or location longer than 200 characters. */
  'bad_text',
  /** Scheduled hours of a month above the 1C norm × the staff rate (warning). */
  'over_norm',
  /** The employee's site is unknown: times are read in sync.defaultZone (warning). */
  'unknown_site',
  /** The employee is deactivated in the directory (warning). */
  'inactive_employee',
]);
export const issueSeveritySchema = z.enum(['error', 'warning']);

export const importIssueSchema = z.object({
  /** Line in the file (the header is line 1), row number of JSON rows (from 1); null for the file as a whole. */
  line: z.number().int().min(0).nullable(),
  severity: issueSeveritySchema,
  code: scheduleIssueCodeSchema,
  /** The column at fault, when one is. */
  field: z.string().nullable(),
  /** What is wrong and what to do, in English, with the values involved. */
  message: z.string(),
  employeeId: z.string().nullable(),
  /** The local date of the shift, when known. */
  date: z.string().nullable(),
  /** The other line of an overlap. */
  relatedLine: z.number().int().nullable(),
});

export const issueCountSchema = z.object({ code: scheduleIssueCodeSchema, severity: issueSeveritySchema, count: z.number().int().min(0) });

export const importReportSchema = z.object({
  /** The stored import, null when nothing was stored (invalid rows without partial, or a dry run). */
  importId: z.number().int().positive().nullable(),
  stored: z.boolean(),
  dryRun: z.boolean(),
  partial: z.boolean(),
  /** The file name or the rows' source name. */
  source: z.string(),
  format: z.enum(['csv', 'xlsx', 'json']),
  /** Data rows read (the header not counted). */
  rowsRead: z.number().int().min(0),
  rowsValid: z.number().int().min(0),
  rowsStored: z.number().int().min(0),
  rowsRejected: z.number().int().min(0),
  /** Stored shifts the import replaced (of the employees and dates it covers). */
  shiftsReplaced: z.number().int().min(0),
  /** Employees the valid rows cover. */
  employees: z.number().int().min(0),
  /** First and last date the valid rows cover. */
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  errors: z.number().int().min(0),
  warnings: z.number().int().min(0),
  /** In file order (whole-file issues first); at most maxIssues. */
  issues: z.array(importIssueSchema),
  issuesTruncated: z.boolean(),
  issueCounts: z.array(issueCountSchema),
  /** The outcome in one English sentence (the CLI prints it; the console builds its own text from the fields). */
  message: z.string(),
});

/** Imports, newest first. */
export const schedulesImportsInput = z.object({ ...paging(50, 500) }).strict();
export const scheduleImportSchema = z.object({
  id: z.number().int().positive(),
  source: z.string(),
  format: z.string(),
  importedAt: instantSchema,
  importedBy: z.string(),
  rowsRead: z.number().int().min(0),
  rowsStored: z.number().int().min(0),
  rowsRejected: z.number().int().min(0),
  /** Shifts of this import still stored (later imports replace earlier ones). */
  shiftsLeft: z.number().int().min(0),
  contentHash: z.string(),
});
export const schedulesImportsOutput = z.object({ total: z.number().int().min(0), imports: z.array(scheduleImportSchema) });

// ------------------------------------------------------------------ the month grid

/** The 1C norm of a month beside the scheduled hours. */
export const normCompareSchema = z.object({
  /** 1C's norm of the month (getNormHours, mode month), null when not fetched. */
  hours: z.number().nullable(),
  /** The staff rate applied (1 when 1C sent none). */
  rate: z.number(),
  /** hours × rate, null when the norm is not fetched. */
  limitHours: z.number().nullable(),
  /** Paid hours scheduled in the month. */
  scheduledHours: z.number(),
  /** Scheduled above the limit: a warning, never blocking. */
  over: z.boolean(),
  fetchedAt: instantSchema.nullable(),
});

export const uploadStateSchema = z.enum([
  /** Nothing was sent for this month. */
  'not_sent',
  /** Waiting in the queue. */
  'queued',
  /** A request is in flight. */
  'sending',
  /** 1C accepted it (its message kept). */
  'sent',
  /** 1C answered result false, or 500 with a refusal: its message verbatim; retrying will not help. */
  'rejected',
  /** The attempt failed (network, 5xx with its message) and the queue will retry it. */
  'retrying',
  /** Retries exhausted or a permanent failure: its message. */
  'failed',
  /** The operator cancelled the queued upload. */
  'cancelled',
  /** Not sent on purpose: a closed month, before hire or after termination (message says which). */
  'skipped',
]);

/** The state of one employee's month in 1C. */
export const uploadCellSchema = z.object({
  month: monthSchema,
  state: uploadStateSchema,
  /** 1C's message verbatim (sent, rejected, retrying, failed), or the gateway's note (skipped, cancelled). */
  message: z.string().nullable(),
  /** Whose words `message` is. */
  messageFrom: z.enum(['onec', 'gateway']).nullable(),
  /** The part of the month sent, civil dates. */
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  /** Shifts sent for this month. */
  shifts: z.number().int().min(0).nullable(),
  /** The stored shifts of the month differ from what was last sent: upload again. */
  changedSinceSent: z.boolean(),
  operationId: z.string().nullable(),
  jobId: z.number().int().positive().nullable(),
  httpStatus: z.number().int().nullable(),
  /** Last time 1C accepted this month. */
  sentAt: instantSchema.nullable(),
  updatedAt: instantSchema.nullable(),
});

/** Blank search means "any". */
const listFilters = {
  departmentId: employeeScopeFields.departmentId,
  area: employeeScopeFields.area,
  /** Name, tab number or external id. */
  search: z.string().max(200).optional(),
  employeeIds: z.array(externalId).min(1).max(1000).optional(),
};

export const schedulesListInput = z
  .object({
    month: monthSchema,
    ...listFilters,
    /** Only employees with at least one shift in the month. */
    onlyWithShifts: z.boolean().default(false),
    ...paging(100, 1000),
  })
  .strict();

export const scheduleGridRowSchema = z.object({
  employee: gridEmployeeSchema,
  /** The month's shifts, by start. */
  shifts: z.array(shiftViewSchema),
  totals: z.object({
    shifts: z.number().int().min(0),
    paidMs: z.number().int().min(0),
    dayMs: z.number().int().min(0),
    nightMs: z.number().int().min(0),
  }),
  norm: normCompareSchema,
  upload: uploadCellSchema,
  /** Errors validation finds in this month's stored shifts now (a hire date moved, an overlap). */
  errors: z.number().int().min(0),
});

export const gridFacetsSchema = z.object({
  departments: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int().min(0) })),
  areas: z.array(z.object({ area: z.string(), count: z.number().int().min(0) })),
});

export const schedulesListOutput = z.object({
  month: monthSchema,
  /** Every date of the month, in order: the grid's columns. */
  days: z.array(z.string()),
  /** Employees matching the filters (all pages). */
  total: z.number().int().min(0),
  rows: z.array(scheduleGridRowSchema),
  /** Departments and sites over the whole directory, for the filters. */
  facets: gridFacetsSchema,
  /** schedules.maxShiftHours now. */
  maxShiftHours: z.number(),
});

// ------------------------------------------------------------------ validation of what is stored

export const schedulesValidateInput = periodChecked(
  z
    .object({
      ...periodFields,
      ...employeeScopeFields,
      maxIssues: z.number().int().min(1).max(1_000_000).default(2000),
    })
    .strict(),
);

export const storedIssueSchema = z.object({
  severity: issueSeveritySchema,
  code: scheduleIssueCodeSchema,
  message: z.string(),
  employeeId: z.string(),
  employeeName: z.string().nullable(),
  tabN: z.string().nullable(),
  /** Local date of the shift, or the first day of the month for a month's issue. */
  date: z.string().nullable(),
  shiftId: z.number().int().nullable(),
  relatedShiftId: z.number().int().nullable(),
});

export const schedulesValidateOutput = z.object({
  from: z.string(),
  to: z.string(),
  employees: z.number().int().min(0),
  shifts: z.number().int().min(0),
  errors: z.number().int().min(0),
  warnings: z.number().int().min(0),
  issues: z.array(storedIssueSchema),
  issuesTruncated: z.boolean(),
  issueCounts: z.array(issueCountSchema),
  message: z.string(),
});

// ------------------------------------------------------------------ upload to 1C

export const schedulesUploadScopeInput = periodChecked(z.object({ ...periodFields, ...employeeScopeFields }).strict());

export const uploadSkipReasonSchema = z.enum([
  /** Months before the current one (by the gateway's clock, in the employee's zone) are closed in 1C. */
  'closed_month',
  'before_hire',
  'after_termination',
  /** No stored shifts in the month (an empty request creates nothing in 1C). */
  'no_shifts',
  /** Already sent with exactly this content: re-sending is a no-op. */
  'unchanged',
  /** Stored shifts that fail validation now (see schedules.validate): fix and import again. */
  'invalid_shifts',
]);

export const uploadSkipSchema = z.object({
  reason: uploadSkipReasonSchema,
  employees: z.number().int().min(0),
  /** Employee-months. */
  months: z.number().int().min(0),
  note: z.string(),
});

export const uploadPreviewSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Months before this one are closed (by the gateway's clock). */
  currentMonth: monthSchema,
  /** Employees in scope (the filters, employed in the period). */
  employeesInScope: z.number().int().min(0),
  /** Employees whose request will be sent: one request each. */
  employees: z.number().int().min(0),
  /** Employee-months those requests carry. */
  months: z.number().int().min(0),
  shifts: z.number().int().min(0),
  skipped: z.array(uploadSkipSchema),
  message: z.string(),
});

export const exchangeJobKindSchema = z.enum(['schedule_upload', 'timesheet_fetch', 'norm_fetch']);

/**
 * Long work the gateway runs as queue operations (one per employee for an
 * upload, one per batch of agents and month for a timesheet): its progress
 * from the operations' states. Done when nothing is pending, running or waiting for a retry.
 */
export const exchangeJobSchema = z.object({
  id: z.number().int().positive(),
  kind: exchangeJobKindSchema,
  createdAt: instantSchema,
  createdBy: z.string(),
  /** The period asked for (civil dates). */
  from: z.string(),
  to: z.string(),
  /** The filters, as given. */
  scope: z.object({ departmentId: z.string().nullable(), area: z.string().nullable(), employees: z.number().int().min(0).nullable() }),
  /** Queue operations of the job. */
  total: z.number().int().min(0),
  pending: z.number().int().min(0),
  running: z.number().int().min(0),
  /** Pending again after a failed attempt, waiting for their retry time. */
  retrying: z.number().int().min(0),
  completed: z.number().int().min(0),
  failed: z.number().int().min(0),
  cancelled: z.number().int().min(0),
  finished: z.boolean(),
  /**
   * Rows of 1C's answers (timesheets, norms) that could not be read: those
   * employees keep what was stored before; the operations' results name them.
   */
  unreadable: z.number().int().min(0),
  /** What planning found (an upload's preview: what is sent, what is skipped and why); null for fetches. */
  preview: uploadPreviewSchema.nullable(),
  message: z.string(),
});

export const schedulesUploadJobInput = z.object({ jobId: z.number().int().positive() }).strict();
export const schedulesUploadJobsInput = z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict();
export const exchangeJobsOutput = z.object({ jobs: z.array(exchangeJobSchema) });

export const schedulesUploadStateInput = z
  .object({
    from: monthSchema,
    to: monthSchema,
    ...listFilters,
    jobId: z.number().int().positive().optional(),
    /** Only employees with a month in one of these states (stored states: queued … cancelled). */
    states: z.array(uploadStateSchema).min(1).max(9).optional(),
    ...paging(100, 1000),
  })
  .strict()
  .refine((v) => v.from <= v.to, { message: 'the months must not end before they start', path: ['to'] })
  .refine((v) => Number(v.to.slice(0, 4)) * 12 + Number(v.to.slice(5)) - (Number(v.from.slice(0, 4)) * 12 + Number(v.from.slice(5))) < 24, { message: 'at most 24 months', path: ['to'] });

export const schedulesUploadStateOutput = z.object({
  months: z.array(monthSchema),
  total: z.number().int().min(0),
  /** Employee-months per stored state within the department, site, employee and job filters ('not_sent' and 'skipped' are not counted). */
  counts: z.record(z.string(), z.number().int().min(0)),
  rows: z.array(z.object({ employee: gridEmployeeSchema, months: z.array(uploadCellSchema) })),
});

/** Coalesced to a few per second while operations of the job change. */
export const exchangeJobProgressEvent = exchangeJobSchema;

// ------------------------------------------------------------------ exports

export const exportFormatSchema = z.enum(['csv', 'xlsx']);

/**
 * A file for the console to save. CSV is UTF-8 with a BOM and ';' separated
 * (Excel in the Russian locale opens it with Cyrillic intact); XLSX comes as base64.
 */
export const exportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  rows: z.number().int().min(0),
});

/** The stored shifts in the import format (a file that imports back unchanged). */
export const schedulesExportInput = periodChecked(z.object({ ...periodFields, ...employeeScopeFields, format: exportFormatSchema.default('csv') }).strict());

export type GridEmployee = z.infer<typeof gridEmployeeSchema>;
export type ShiftView = z.infer<typeof shiftViewSchema>;
export type ScheduleRow = z.infer<typeof scheduleRowSchema>;
export type ScheduleIssueCode = z.infer<typeof scheduleIssueCodeSchema>;
export type ImportIssue = z.infer<typeof importIssueSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
export type IssueCount = z.infer<typeof issueCountSchema>;
export type ScheduleImportInfo = z.infer<typeof scheduleImportSchema>;
export type NormCompare = z.infer<typeof normCompareSchema>;
export type UploadState = z.infer<typeof uploadStateSchema>;
export type UploadCell = z.infer<typeof uploadCellSchema>;
export type ScheduleGridRow = z.infer<typeof scheduleGridRowSchema>;
export type GridFacets = z.infer<typeof gridFacetsSchema>;
export type StoredIssue = z.infer<typeof storedIssueSchema>;
export type UploadSkipReason = z.infer<typeof uploadSkipReasonSchema>;
export type UploadSkip = z.infer<typeof uploadSkipSchema>;
export type UploadPreview = z.infer<typeof uploadPreviewSchema>;
export type ExchangeJobKind = z.infer<typeof exchangeJobKindSchema>;
export type ExchangeJob = z.infer<typeof exchangeJobSchema>;
export type ExportFormat = z.infer<typeof exportFormatSchema>;
export type ExportFile = z.infer<typeof exportFileSchema>;
