/**
 * THE registry of everything the console can ask or tell the gateway.
 * To add an operation: one entry here and one handler in its feature's map
 * (core/<feature>/handlers.ts, typed HandlersFor<prefix>); a new prefix's map
 * is spread into core/api/console.ts. The type checker demands each. IPC,
 * WebSocket and the renderer client are generic over this object.
 */
import type { z } from 'zod';
import { appInfoSchema } from './app.ts';
import { auditAnchorOutput, auditExportCsvInput, auditExportCsvOutput, auditFacetsOutput, auditListInput, auditListOutput, auditVerifyOutput } from './audit.ts';
import { emptyInputSchema } from './common.ts';
import { credentialStatusSchema, credentialsSetInput, credentialsStatusInput, onecTestResultSchema } from './credentials.ts';
import { configGetInput, configGetOutput, configSetInput, configSetOutput } from './config.ts';
import { command, event, query } from './define.ts';
import { directoryListInput, directoryListOutput, directorySearchInput, directorySearchOutput } from './directory.ts';
import { callHistorySchema, healthCallsInput, healthSummarySchema } from './health.ts';
import {
  applyProgressSchema,
  applyResultSchema,
  planChangedEvent,
  planSummarySchema,
  plansApplyInput,
  plansApproveInput,
  plansCreateInput,
  plansExcludeInput,
  plansGetInput,
  plansItemsInput,
  plansItemsOutput,
  plansListInput,
  plansListOutput,
  plansRejectInput,
} from './plans.ts';
import {
  queueCancelInput,
  queueChangedEvent,
  queueCountOutput,
  queueCountsInput,
  queueCountsOutput,
  queueEnqueueInput,
  queueEnqueueOutput,
  queueGetInput,
  queueGetOutput,
  queueHealthSchema,
  queueListInput,
  queueListOutput,
  queueOperationOutput,
  queuePauseOutput,
  queueRetryFailedInput,
  queueRetryInput,
  queueSetPriorityInput,
  queueTypeInput,
  queueValidateInput,
  queueValidateOutput,
} from './queue.ts';
import { scheduleInfoSchema, schedulePreviewInput, schedulePreviewOutput, scheduleSetInput } from './schedule.ts';
import { agentLinkSchema, agentsChangedEvent, agentsIdentityInput, agentsIdentityOutput, agentsLinkInput, agentsListInput, agentsListOutput, agentsUnlinkInput, agentsUnlinkOutput } from './agents.ts';
import { mceStatusSchema, mceTestResultSchema } from './mce.ts';
import {
  exchangeJobProgressEvent,
  exchangeJobSchema,
  exchangeJobsOutput,
  exportFileSchema,
  importReportSchema,
  schedulesExportInput,
  schedulesImportInput,
  schedulesImportsInput,
  schedulesImportsOutput,
  schedulesListInput,
  schedulesListOutput,
  schedulesStageFileInput,
  schedulesStageFileOutput,
  schedulesUploadJobInput,
  schedulesUploadJobsInput,
  schedulesUploadScopeInput,
  schedulesUploadStateInput,
  schedulesUploadStateOutput,
  schedulesValidateInput,
  schedulesValidateOutput,
  uploadPreviewSchema,
} from './schedules.ts';
import {
  normsExportInput,
  normsFetchInput,
  normsHistoryInput,
  normsHistoryOutput,
  normsListInput,
  normsListOutput,
  timesheetsDaysInput,
  timesheetsDaysOutput,
  timesheetsExportInput,
  timesheetsFetchInput,
  timesheetsGridInput,
  timesheetsGridOutput,
  timesheetsJobInput,
  timesheetsJobsInput,
} from './timesheets.ts';

export const methods = {
  'plans.list': query(plansListInput, plansListOutput, 'Sync plans, newest first, optionally of one status'),
  'plans.get': query(plansGetInput, planSummarySchema, 'One sync plan'),
  'plans.items': query(plansItemsInput, plansItemsOutput, "A page of a plan's items, filtered, with facets for the filters"),
  'plans.create': command(plansCreateInput, planSummarySchema, 'Fetch personnel from 1C for a period and store a plan awaiting approval', ['plans.']),
  'plans.exclude': command(plansExcludeInput, planSummarySchema, 'Exclude items from (or return them to) a plan awaiting approval', ['plans.']),
  'plans.approve': command(plansApproveInput, planSummarySchema, 'Approve a plan (name, optional comment)', ['plans.']),
  'plans.reject': command(plansRejectInput, planSummarySchema, 'Reject a plan with a reason', ['plans.']),
  'plans.apply': command(plansApplyInput, applyResultSchema, 'Apply an approved plan to the directory', ['plans.', 'directory.']),
  'directory.list': query(directoryListInput, directoryListOutput, 'A page of the WFM directory, filtered'),
  'directory.search': query(directorySearchInput, directorySearchOutput, 'A few employees matching a name, tab number or id'),
  'config.get': query(configGetInput, configGetOutput, 'Non-secret settings (all, or the keys asked for)'),
  'config.set': command(configSetInput, configSetOutput, 'Change one non-secret setting', ['config.', 'health.', 'app.']),
  'credentials.status': query(credentialsStatusInput, credentialStatusSchema, 'Whether credentials are set, for which user, when rotated and which host they are sent to (never the password)'),
  'credentials.set': command(credentialsSetInput, credentialStatusSchema, 'Set or rotate credentials (write-only), bound to the host of the configured endpoint', ['credentials.', 'health.']),
  'onec.testConnection': command(emptyInputSchema, onecTestResultSchema, 'One small real call to the configured 1C:ZUP: reachable, credentials accepted, latency', ['health.']),
  'health.summary': query(emptyInputSchema, healthSummarySchema, 'Overall state and a check per link'),
  'health.calls': query(healthCallsInput, callHistorySchema, 'Calls to an external system over the last hour, day or week (stored, survives restarts): per step, in total and per method, with avg, p95 and p99'),
  'app.info': query(emptyInputSchema, appInfoSchema, 'Version, demo mode, data directory and zone of the gateway'),
  'queue.list': query(queueListInput, queueListOutput, 'A page of queue operations matching a filter, newest first'),
  'queue.get': query(queueGetInput, queueGetOutput, 'One operation with its payload, result and the timeline of its attempts'),
  'queue.counts': query(queueCountsInput, queueCountsOutput, 'Operations per status within a filter'),
  'queue.health': query(emptyInputSchema, queueHealthSchema, 'Pending, processing, failed, age of the oldest pending, paused types'),
  'queue.validate': query(queueValidateInput, queueValidateOutput, "The engine's verdict on operation data for a type, field by field (nothing stored)"),
  'queue.countFailed': query(queueRetryFailedInput, queueCountOutput, 'How many failed operations "retry all failed" of a filter would put back (never those of unknown outcome)'),
  'queue.enqueue': command(queueEnqueueInput, queueEnqueueOutput, 'Enqueue an operation (data validated for its type; an idempotency key already live returns that operation)', ['queue.']),
  'queue.retry': command(queueRetryInput, queueOperationOutput, 'Run a failed or waiting operation now, its retries reset', ['queue.']),
  'queue.retryFailed': command(queueRetryFailedInput, queueCountOutput, 'Retry every failed operation of a filter except those of unknown outcome (each needs its own decision); returns how many', ['queue.']),
  'queue.cancel': command(queueCancelInput, queueOperationOutput, 'Cancel a pending or failed operation', ['queue.']),
  'queue.setPriority': command(queueSetPriorityInput, queueOperationOutput, 'Change the priority of a pending operation (1 highest … 5 lowest)', ['queue.']),
  'queue.pause': command(queueTypeInput, queuePauseOutput, 'Stop claiming operations of a type (running work finishes)', ['queue.']),
  'queue.resume': command(queueTypeInput, queuePauseOutput, 'Resume claiming operations of a type', ['queue.']),
  'schedule.get': query(emptyInputSchema, scheduleInfoSchema, 'The personnel sync schedule and its next five runs'),
  'schedule.preview': query(schedulePreviewInput, schedulePreviewOutput, 'The next runs of schedule settings not saved yet'),
  'schedule.set': command(scheduleSetInput, scheduleInfoSchema, 'Save the personnel sync schedule', ['schedule.']),
  'audit.list': query(auditListInput, auditListOutput, 'A page of the audit log, newest first, filtered by text, action, entity type, actor and time'),
  'audit.facets': query(emptyInputSchema, auditFacetsOutput, 'The actions, entity types and actors present in the audit log (for filters)'),
  'audit.verify': query(emptyInputSchema, auditVerifyOutput, 'Walk the whole audit hash chain and compare its end with the sealed head: intact, the first altered, removed or inserted row, or rows missing at the end'),
  'audit.anchor': query(emptyInputSchema, auditAnchorOutput, 'The sealed head as an anchor line to keep outside the gateway, and the last verification'),
  'audit.exportCsv': query(auditExportCsvInput, auditExportCsvOutput, 'One page of the filtered audit log as CSV (UTF-8 with BOM, ";"-separated) for a file assembled page by page'),
  'agents.list': query(agentsListInput, agentsListOutput, 'Every MCE agent with its current state and linked employee, and the version deltas count from'),
  'agents.identity': query(agentsIdentityInput, agentsIdentityOutput, 'What does not match between MCE agents and directory employees, by kind, with the manual links'),
  'agents.link': command(agentsLinkInput, agentLinkSchema, 'Link an MCE login to a directory employee (or mark it as not an employee); manual links win over login matching', ['agents.']),
  'agents.unlink': command(agentsUnlinkInput, agentsUnlinkOutput, 'Remove the manual link of a login (login matching applies again)', ['agents.']),
  'mce.status': query(emptyInputSchema, mceStatusSchema, 'The MCE link: mode, last event, events per second, gaps, resyncs, reconnects, token refreshes, last error'),
  'mce.testConnection': command(emptyInputSchema, mceTestResultSchema, 'A token request and one REST read against the configured MCE: reachable, credentials accepted, latency', ['health.', 'mce.']),
  'schedules.stageFile': command(schedulesStageFileInput, schedulesStageFileOutput, 'Send a schedule file (CSV or XLSX) in chunks for schedules.import to read; kept 15 minutes'),
  'schedules.import': command(
    schedulesImportInput,
    importReportSchema,
    'Check schedule rows (a staged file or JSON rows) and store them, replacing the shifts of the employees and dates they cover; any invalid row stores nothing unless partial; the report lists every problem by line',
    ['schedules.', 'timesheets.grid'],
  ),
  'schedules.imports': query(schedulesImportsInput, schedulesImportsOutput, 'Schedule imports, newest first, with how many of their shifts are still stored'),
  'schedules.list': query(schedulesListInput, schedulesListOutput, 'A page of employees × a month: shifts with day and night hours, totals, the 1C norm and the upload state'),
  'schedules.validate': query(schedulesValidateInput, schedulesValidateOutput, 'Check the stored shifts of a period against the directory now (hire, termination, overlaps, length, breaks, norm)'),
  'schedules.uploadPreview': query(schedulesUploadScopeInput, uploadPreviewSchema, 'What an upload of a period would send to 1C: employees and months, and what it skips and why'),
  'schedules.upload': command(
    schedulesUploadScopeInput,
    exchangeJobSchema,
    "Send a period's schedules to 1C: one queue operation per employee (unchanged ones skipped); answers with the job at once, progress follows",
    ['schedules.', 'queue.'],
  ),
  'schedules.uploadJob': query(schedulesUploadJobInput, exchangeJobSchema, 'One upload job with the progress of its operations'),
  'schedules.uploadJobs': query(schedulesUploadJobsInput, exchangeJobsOutput, 'Recent upload jobs, newest first'),
  'schedules.uploadState': query(schedulesUploadStateInput, schedulesUploadStateOutput, "Per employee and month: the upload's state in 1C and 1C's message verbatim"),
  'schedules.export': query(schedulesExportInput, exportFileSchema, 'The stored shifts of a period as a file in the import format (CSV or XLSX)'),
  'timesheets.fetch': command(timesheetsFetchInput, exchangeJobSchema, 'Read the timesheets of a period from 1C (batches of onec.timesheetBatch agents per month); answers with the job at once', ['timesheets.', 'queue.']),
  'timesheets.grid': query(timesheetsGridInput, timesheetsGridOutput, 'The T-13-like grid of a month: codes and hours per day, half-month and month totals, norm, scheduled and worked hours, and contradictions with the uploaded schedule'),
  'timesheets.days': query(timesheetsDaysInput, timesheetsDaysOutput, 'The stored timesheet as rows: per employee, day and code, the hours'),
  'timesheets.export': query(timesheetsExportInput, exportFileSchema, 'The stored timesheets of a period as XLSX or CSV (days as rows, or the T-13 grid)'),
  'timesheets.job': query(timesheetsJobInput, exchangeJobSchema, 'One timesheet or norm fetch job with the progress of its operations'),
  'timesheets.jobs': query(timesheetsJobsInput, exchangeJobsOutput, 'Recent timesheet and norm fetch jobs, newest first'),
  'norms.fetch': command(normsFetchInput, exchangeJobSchema, "Read a year's hours norms from 1C (month, quarter or year) with AR_norms from each employee's weekly-norm history; answers with the job at once", [
    'norms.',
    'schedules.list',
    'timesheets.grid',
    'queue.',
  ]),
  'norms.list': query(normsListInput, normsListOutput, "A page of employees with a year's stored norms per month, quarter or year, and their weekly-norm history"),
  'norms.history': query(normsHistoryInput, normsHistoryOutput, "One employee's weekly-norm history as personnel sync recorded it"),
  'norms.export': query(normsExportInput, exportFileSchema, "A year's stored norms as XLSX or CSV"),
} as const;

export const events = {
  'plan.changed': event(planChangedEvent, 'A plan was created or changed status', ['plans.', 'directory.']),
  'plan.applyProgress': event(applyProgressSchema, 'Progress of applying a plan'),
  'queue.changed': event(queueChangedEvent, 'Queue operations changed (coalesced to a few per second)', ['queue.']),
  'agents.changed': event(agentsChangedEvent, 'Agents whose state changed since a version (coalesced to a few per second), and the MCE mode'),
  'schedules.uploadProgress': event(exchangeJobProgressEvent, 'Progress of an upload job (coalesced to a few per second)', ['schedules.uploadState', 'schedules.uploadJob', 'schedules.uploadJobs', 'schedules.list', 'timesheets.grid']),
  'timesheets.fetchProgress': event(exchangeJobProgressEvent, 'Progress of a timesheet or norm fetch job (coalesced to a few per second)', ['timesheets.', 'norms.', 'schedules.list']),
} as const;

export const contract = { methods, events } as const;
export type Contract = typeof contract;

export type Methods = typeof methods;
export type Events = typeof events;
export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type QueryName = { [M in MethodName]: Methods[M]['kind'] extends 'query' ? M : never }[MethodName];
export type CommandName = { [M in MethodName]: Methods[M]['kind'] extends 'command' ? M : never }[MethodName];

/** What a caller sends (before defaults are applied). */
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
/** What a caller gets back. */
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;
/** What a handler may return (validated into Output before it leaves). */
export type HandlerOutput<M extends MethodName> = z.input<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
