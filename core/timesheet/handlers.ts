/**
 * Console handlers of timesheets.* and norms.*, over the timesheet service as
 * it is. Fetches answer with their job at once; the queue calls 1C (in the
 * host's processor) and timesheets.fetchProgress follows the job.
 */
import type { HandlersFor } from '../contract/index.ts';
import type { TimesheetService } from './service.ts';

export function timesheetHandlers(timesheets: TimesheetService): HandlersFor<'timesheets' | 'norms'> {
  return {
    'timesheets.fetch': (input, ctx) => timesheets.fetch(input, ctx.actor).job,
    'timesheets.grid': (input) => timesheets.grid(input),
    'timesheets.days': (input) => timesheets.days(input),
    'timesheets.export': (input) => timesheets.exportTimesheets(input),
    'timesheets.job': ({ jobId }) => timesheets.job(jobId),
    'timesheets.jobs': ({ kind, limit }) => ({ jobs: timesheets.jobs(kind, limit) }),
    'norms.fetch': (input, ctx) => timesheets.fetchNorms(input, ctx.actor).job,
    'norms.list': (input) => timesheets.norms(input),
    'norms.history': ({ employeeId }) => timesheets.history(employeeId),
    'norms.export': (input) => timesheets.exportNorms(input),
  };
}
