import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { emit, readStdin, table, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { OPERATION_STATUSES, type Operation, type OperationStatus } from '../../core/queue/model.ts';
import { OPERATION_TYPES, type OperationType } from '../../core/queue/operation-types.ts';
import { countByStatus, getOperationDetail, listOperations, queueHealth, type OperationDetail, type OperationFilter, type QueueHealth } from '../../core/queue/queries.ts';
import { cancel, countFailed, enqueueAsOperator, pauseType, resumeType, retryFailed, retryNow } from '../../core/queue/operator.ts';
import { GatewayError } from '../../core/errors.ts';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

function oneOf<T extends string>(what: string, allowed: readonly T[], values: string[] | undefined): T[] | undefined {
  if (!values?.length) return undefined;
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length) throw usageError(`unknown ${what} ${bad.join(', ')}; expected ${allowed.join(', ')}`);
  return values as T[];
}

function instant(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw usageError(`${flag} expects an ISO date or instant, e.g. 2026-03-01 or 2026-03-01T09:00:00Z, got "${v}"`);
  return new Date(ms).toISOString();
}

function wholeNumber(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

interface FilterFlags {
  status?: string[];
  type?: string[];
  priority?: string[];
  from?: string;
  to?: string;
  search?: string;
}

function filterOptions(c: Command): Command {
  return c
    .option('--status <status>', `${OPERATION_STATUSES.join(' | ')}; repeatable`, collect)
    .option('--type <type>', `operation type; repeatable`, collect)
    .option('--priority <n>', '1 (highest) to 5; repeatable', collect)
    .option('--from <instant>', 'created at or after (ISO date or instant)')
    .option('--to <instant>', 'created before (ISO date or instant)')
    .option('--search <text>', 'text in the payload, result, error or id');
}

function toFilter(o: FilterFlags): OperationFilter {
  return {
    status: oneOf<OperationStatus>('status', OPERATION_STATUSES, o.status),
    type: oneOf<OperationType>('operation type', OPERATION_TYPES, o.type),
    priority: o.priority?.map((p) => wholeNumber('--priority', p, 1, 5)!),
    createdFrom: instant('--from', o.from),
    createdTo: instant('--to', o.to),
    search: o.search,
  };
}

const short = (s: string | null, n = 60): string => (s === null ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

function opLine(o: Operation): string {
  const when = o.status === 'pending' && o.retryCount > 0 ? ` retry ${o.retryCount}/${o.maxRetries} at ${o.runAt}` : '';
  return `${o.id} ${o.type} [${o.status}] priority ${o.priority}${when}${o.errorMessage ? `: ${o.errorMessage}` : ''}`;
}

function healthLine(h: QueueHealth): string {
  const oldest = h.oldestPendingAgeMs === null ? '' : `, oldest waiting ${Math.round(h.oldestPendingAgeMs / 1000)} s`;
  const paused = h.pausedTypes.length ? `; paused: ${h.pausedTypes.map((p) => p.type).join(', ')}` : '';
  return `pending ${h.pending} (+${h.scheduled} scheduled), processing ${h.processing}, failed ${h.failed}${oldest}${paused}`;
}

function detailText(d: OperationDetail): string {
  const o = d.operation;
  const head = [
    opLine(o),
    `created ${o.createdAt}${o.createdBy ? ` by ${o.createdBy}` : ''}; run at ${o.runAt}; retries ${o.retryCount}/${o.maxRetries}`,
    o.apiEndpoint && `endpoint ${o.apiEndpoint}`,
    o.idempotencyKey && `idempotency key ${o.idempotencyKey}`,
    o.processingNode && `held by ${o.processingNode} until ${o.leaseExpiresAt}`,
    o.completedAt && `finished ${o.completedAt}`,
    `data ${JSON.stringify(o.data)}`,
    o.result !== null && `result ${JSON.stringify(o.result)}`,
  ].filter((l): l is string => typeof l === 'string' && l !== '');
  const attempts =
    d.attempts.length === 0
      ? 'no attempts yet'
      : table(
          ['#', 'started', 'ms', 'outcome', 'http', 'node', 'error'],
          d.attempts.map((a) => [a.attemptNo, a.startedAt, a.durationMs, a.outcome ?? 'running', a.httpStatus, a.node, short(a.error, 80)]),
        );
  return `${head.join('\n')}\n\n${attempts}`;
}

async function readData(o: { data?: string; dataFile?: string }): Promise<unknown> {
  if ((o.data === undefined) === (o.dataFile === undefined)) throw usageError('give the operation data with exactly one of --data <json> or --data-file <path> ("-" for standard input)');
  const text = o.data ?? (o.dataFile === '-' ? await readStdin() : readFileSync(o.dataFile!, 'utf8'));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw usageError(`the operation data is not valid JSON: ${(e as Error).message}`);
  }
}

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('the durable queue of operations against 1C (and plan applies)');

  filterOptions(queue.command('list').description('list operations, newest first, with counts per status'))
    .option('--limit <n>', 'at most this many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .action(async (o: FilterFlags & { limit: string; offset: string }, cmd: Command) => {
      const filter = toFilter(o);
      const limit = wholeNumber('--limit', o.limit, 1, 1000)!;
      const offset = wholeNumber('--offset', o.offset, 0, Number.MAX_SAFE_INTEGER)!;
      await withGateway(cmd, (gw) => {
        const page = listOperations(gw.db, { ...filter, limit, offset });
        const r = { ...page, counts: countByStatus(gw.db, filter), health: queueHealth(gw.db, gw.clock) };
        emit(cmd, r, (x) =>
          [
            healthLine(x.health),
            x.items.length === 0
              ? 'no operations match'
              : table(
                  ['id', 'type', 'prio', 'status', 'retries', 'created', 'run at', 'error'],
                  x.items.map((op) => [op.id, op.type, op.priority, op.status, `${op.retryCount}/${op.maxRetries}`, op.createdAt, op.status === 'pending' ? op.runAt : '', short(op.errorMessage)]),
                ) + `\n${x.items.length} of ${x.total}`,
          ].join('\n'),
        );
      });
    });

  queue
    .command('health')
    .description('pending, processing, failed, the age of the oldest pending operation, paused types')
    .action(async (_o, cmd: Command) => {
      await withGateway(cmd, (gw) => emit(cmd, queueHealth(gw.db, gw.clock), healthLine));
    });

  queue
    .command('show')
    .description('one operation: payload, result, error and the timeline of its attempts')
    .argument('<id>')
    .action(async (id: string, _o, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        const d = getOperationDetail(gw.db, id);
        if (!d) throw new GatewayError('operation_not_found', `no operation with id ${id}`, 'permanent');
        emit(cmd, d, detailText);
      });
    });

  queue
    .command('enqueue')
    .description(`add an operation (${OPERATION_TYPES.join(', ')}); its data is checked against the type`)
    .argument('<type>')
    .option('--data <json>', 'the operation data as JSON, e.g. \'{"from":"2026-03-01","to":"2026-03-31"}\'')
    .option('--data-file <path>', 'read the data from a JSON file ("-" for standard input)')
    .option('--priority <n>', '1 (highest) to 5', '3')
    .option('--max-retries <n>', 'automatic retries after the first attempt', '3')
    .option('--run-at <instant>', 'not before this instant (ISO)')
    .option('--key <idempotencyKey>', 'if an operation with this key is pending or running, return it instead')
    .option('--by <name>', 'who enqueues (audit)')
    .action(async (type: string, o: { data?: string; dataFile?: string; priority: string; maxRetries: string; runAt?: string; key?: string; by?: string }, cmd: Command) => {
      const data = await readData(o);
      const priority = wholeNumber('--priority', o.priority, 1, 5)!;
      const maxRetries = wholeNumber('--max-retries', o.maxRetries, 0, 100)!;
      const runAt = instant('--run-at', o.runAt);
      await withGateway(cmd, (gw) => {
        const r = enqueueAsOperator(gw.db, { type, data, priority, maxRetries, runAt, idempotencyKey: o.key }, o.by ?? gw.actor, gw.clock);
        emit(cmd, r, (x) => `${x.created ? 'enqueued' : 'already queued (same key)'}: ${opLine(x.operation)}`);
      });
    });

  queue
    .command('retry')
    .description('run a failed (or waiting) operation now, with its retries reset')
    .argument('<id>')
    .option('--by <name>', 'who (audit)')
    .action(async (id: string, o: { by?: string }, cmd: Command) => {
      await withGateway(cmd, (gw) => emit(cmd, retryNow(gw.db, id, o.by ?? gw.actor, gw.clock), (op) => `retrying: ${opLine(op)}`));
    });

  filterOptions(queue.command('retry-failed').description('retry every failed operation matching the filters'))
    .option('--dry-run', 'only say how many would be retried')
    .option('--by <name>', 'who (audit)')
    .action(async (o: FilterFlags & { dryRun?: boolean; by?: string }, cmd: Command) => {
      const filter = toFilter({ ...o, status: undefined });
      await withGateway(cmd, (gw) => {
        if (o.dryRun) {
          const n = countFailed(gw.db, filter);
          emit(cmd, { wouldRetry: n }, (x) => `${x.wouldRetry} failed operation(s) match; run without --dry-run to retry them`);
          return;
        }
        const n = retryFailed(gw.db, filter, o.by ?? gw.actor, gw.clock);
        emit(cmd, { retried: n }, (x) => `${x.retried} failed operation(s) put back in the queue`);
      });
    });

  queue
    .command('cancel')
    .description('cancel a pending or failed operation')
    .argument('<id>')
    .option('--by <name>', 'who (audit)')
    .action(async (id: string, o: { by?: string }, cmd: Command) => {
      await withGateway(cmd, (gw) => emit(cmd, cancel(gw.db, id, o.by ?? gw.actor, gw.clock), (op) => `cancelled: ${opLine(op)}`));
    });

  for (const [name, verb, fn] of [
    ['pause', 'stop starting operations of a type (running ones finish)', pauseType],
    ['resume', 'start operations of a paused type again', resumeType],
  ] as const) {
    queue
      .command(name)
      .description(verb)
      .argument('<type>', OPERATION_TYPES.join(' | '))
      .option('--by <name>', 'who (audit)')
      .action(async (type: string, o: { by?: string }, cmd: Command) => {
        await withGateway(cmd, (gw) => {
          const changed = fn(gw.db, type, o.by ?? gw.actor, gw.clock);
          emit(cmd, { type, paused: name === 'pause', changed }, (x) => `${x.type} ${x.paused ? 'paused' : 'resumed'}${x.changed ? '' : ` (it already was${x.paused ? '' : ' running'})`}`);
        });
      });
  }

  queue
    .command('work')
    .description('process operations (and run the sync schedule) here: until the queue is idle with --until-idle, else until interrupted, listening to MCE meanwhile')
    .option('--until-idle', 'stop when nothing is due (for cron and scripts)')
    .option('--concurrency <n>', 'operations at once', '5')
    .action(async (o: { untilIdle?: boolean; concurrency: string }, cmd: Command) => {
      const concurrency = Number(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) throw usageError(`--concurrency must be a whole number from 1 to 100, got "${o.concurrency}"`);
      await withGateway(cmd, async (gw) => {
        const before = countByStatus(gw.db);
        if (o.untilIdle) {
          // A slot of the sync schedule that came due since the last run is enqueued first, as a host would (cron runs this).
          const slot = gw.queue.scheduler.tick();
          if (slot?.created) process.stderr.write(`the personnel sync the schedule made due was enqueued (operation ${slot.operation.id})\n`);
          gw.queue.processor.start();
          await gw.queue.processor.whenIdle();
        } else {
          gw.queue.start();
          // The MCE listener runs wherever the queue processor runs.
          gw.mce.start();
          process.stderr.write(`processing the queue as ${gw.queue.processor.node} and listening to MCE; Ctrl+C stops after in-flight work\n`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        }
        await gw.queue.stop({ deadlineMs: 30_000 });
        const after = countByStatus(gw.db);
        const r = { completed: after.completed - before.completed, failed: after.failed - before.failed, pending: after.pending };
        emit(cmd, r, (x) => `${x.completed} completed, ${x.failed} failed; ${x.pending} pending (scheduled retries or paused types)`);
      }, { concurrency });
    });
}
