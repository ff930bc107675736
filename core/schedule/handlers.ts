/**
 * Console handlers of schedules.*, over the schedule service as it is. An
 * upload answers with its job at once: the queue sends (in the host's
 * processor), and schedules.uploadProgress follows it.
 */
import type { HandlersFor } from '../contract/index.ts';
import type { ScheduleService } from './service.ts';

export function scheduleHandlers(schedules: ScheduleService): HandlersFor<'schedules'> {
  return {
    'schedules.stageFile': (input) => schedules.stageFile(input),
    'schedules.import': (input, ctx) => schedules.importInput(input, ctx.actor),
    'schedules.imports': ({ offset, limit }) => schedules.imports(offset, limit),
    'schedules.list': (input) => schedules.list(input),
    'schedules.validate': (input) => schedules.validate(input),
    'schedules.uploadPreview': (input) => schedules.preview(input),
    'schedules.upload': (input, ctx) => schedules.upload(input, ctx.actor).job,
    'schedules.uploadJob': ({ jobId }) => schedules.job(jobId),
    'schedules.uploadJobs': ({ limit }) => ({ jobs: schedules.jobs(limit) }),
    'schedules.uploadState': (input) => schedules.uploadState(input),
    'schedules.export': (input) => schedules.exportShifts(input),
  };
}
