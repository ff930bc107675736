/**
 * Composition root: builds the gateway from a data directory. Every host (CLI,
 * headless server, Electron main) goes through here, so they share one engine.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { BackgroundCheckpointer } from './db/checkpointer.ts';
import { BulkWriter } from './db/bulk-writer.ts';
import { openDatabase, openReadOnly, SCHEMA_VERSION, schemaVersion, type Db } from './db/open.ts';
import { databaseFile } from './config/data-dir.ts';
import { ConfigStore } from './config/store.ts';
import { CredentialVault, endpointOrigin } from './secrets/vault.ts';
import { KeyFileProvider, keyFilePath, type DataKeyProvider } from './secrets/key-file.ts';
import { OnecConnector, type OnecEndpoint } from './onec/connector.ts';
import { SyncService, type SyncEvents } from './sync/service.ts';
import { appendAudit, attachAuditKey, auditHeadPath, flushAuditHead, type AuditInput as AuditEntryInput } from './audit/index.ts';
import { GatewayError } from './errors.ts';
import { EventBus } from './events.ts';
import { QueueEngine } from './queue/engine.ts';
import { retentionSettingsFrom } from './maintenance/settings.ts';
import { CallHistory } from './health/call-history.ts';
import { CallMonitor } from './health/call-monitor.ts';
import { breakerList, healthSummary, type HealthSummary } from './health/summary.ts';
import { GatewayMetrics } from './metrics/gateway-metrics.ts';
import { systemClock, type Clock } from './time/clock.ts';
import type { CallHistory as CallHistoryResult, CallRange } from './contract/index.ts';
import { MceService } from './mce/service.ts';
import type { MceEndpoint } from './mce/endpoint.ts';
import type { ExchangeJob, ScheduleRow } from './contract/index.ts';
import { JobProgressFeed } from './queue/jobs.ts';
import { ScheduleService, scheduleSettingsFrom } from './schedule/service.ts';
import { scheduleUploadRecordingHandler } from './schedule/upload-handler.ts';
import { normsRecordingHandler, timesheetRecordingHandler } from './timesheet/queue-handlers.ts';
import { TimesheetService, timesheetSettingsFrom } from './timesheet/service.ts';

export type GatewayEvents = SyncEvents & {
  'schedules.uploadProgress': ExchangeJob;
  'timesheets.fetchProgress': ExchangeJob;
};

export interface GatewayOptions {
  dataDir: string;
  clock?: Clock;
  /** A 1C endpoint that wins over the configuration: the built-in simulator in demo mode. */
  onecOverride?: OnecEndpoint;
  /** The same for MCE. */
  mceOverride?: MceEndpoint;
  /** How the credential data key is protected; a key file in the data directory by default. */
  keyProvider?: DataKeyProvider;
  /** Who acts through this gateway when a command names nobody (audit trail). */
  actor?: string;
  /** Process queued operations, run the sync schedule and listen to MCE (the desktop and headless hosts, `queue work`). */
  runQueue?: boolean;
  /** Where the MCE listener logs mode changes and skipped frames, and the store a permission it put right; stderr by default. */
  log?: (line: string) => void;
  queueConcurrency?: number;
  /** Demo mode: the built-in 1C simulator's month of shifts, for schedules.import's demo source. */
  demoSchedules?: (month: string) => readonly ScheduleRow[];
}

/** An audit entry; the gateway's actor stands in when none is named. */
export type AuditInput = Omit<AuditEntryInput, 'actor'> & { actor?: string };

export interface Gateway {
  readonly dataDir: string;
  readonly db: Db;
  readonly clock: Clock;
  readonly events: EventBus<GatewayEvents>;
  readonly config: ConfigStore;
  readonly vault: CredentialVault;
  readonly onec: OnecConnector;
  readonly sync: SyncService;
  /** The durable queue: processor, scheduler, circuit breakers. */
  readonly queue: QueueEngine;
  /** Live agent status from MCE and agent identity. */
  readonly mce: MceService;
  /** Work schedules: imports, the month grid, uploads to 1C. */
  readonly schedules: ScheduleService;
  /** Timesheets and hours norms from 1C. */
  readonly timesheets: TimesheetService;
  /** Prometheus metrics (a host serves them at /metrics). */
  readonly metrics: GatewayMetrics;
  readonly actor: string;
  /** True when 1C or MCE is a built-in simulator. */
  readonly demo: boolean;
  /** The links a built-in simulator stands in for. */
  readonly simulated: Array<'onec' | 'mce'>;
  audit(entry: AuditInput): void;
  /** One overall state and a check per link, with reasons. */
  health(): Promise<HealthSummary>;
  /** The stored calls to an external system over the last hour, day or week (Health charts). */
  callHistory(range: CallRange, system?: string): CallHistoryResult;
  /** Stops claiming work, lets in-flight work finish up to the deadline, closes the database. */
  close(opts?: { deadlineMs?: number }): Promise<void>;
}

export function defaultActor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}

/** The data key is read once per process (the desktop's keychain may ask the user). */
function onceLoaded(provider: DataKeyProvider): DataKeyProvider {
  let key: Buffer | null = null;
  return { load: () => (key ??= provider.load()) };
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const clock = opts.clock ?? systemClock;
  const file = databaseFile(opts.dataDir);
  const db = openDatabase(file, { log: opts.log });
  let checkpointer: BackgroundCheckpointer | null = null;
  let writer: BulkWriter | null = null;
  try {
    checkpointer = new BackgroundCheckpointer(db, file);
    // Large plans are written from a worker thread while this one prepares their rows.
    writer = new BulkWriter(db, file);
    const config = new ConfigStore(db, clock);
    const sync0 = config.get('db.synchronous');
    if (sync0 !== 'NORMAL') db.pragma(`synchronous = ${sync0}`);
    const keys = onceLoaded(opts.keyProvider ?? new KeyFileProvider(keyFilePath(opts.dataDir)));
    // Every audit row written on this connection is keyed, and the sealed head follows the log.
    attachAuditKey(db, { dataKey: () => keys.load(), headFile: auditHeadPath(opts.dataDir), clock });
    const vault = new CredentialVault(db, keys, clock, {
      // Which host got the password first is worth a line in the audit trail.
      onBound: (system, origin) => appendAudit(db, { actor: 'system', action: 'credentials.bound', entityType: 'credentials', entityId: system, after: { boundTo: origin } }, clock),
    });
    const calls = new CallMonitor();
    // Every call goes to the stored per-minute history too, written in batches (Health charts over a day or a week).
    const history = new CallHistory(db, { onError: (e) => (opts.log ?? ((l: string) => console.warn(l)))(`call history: could not write: ${(e as Error).message}`) });
    calls.observe((system, s) => history.record(system, s));
    const onec = new OnecConnector(config, vault, opts.onecOverride, calls);
    const events = new EventBus<GatewayEvents>();
    const sync = new SyncService({
      db,
      source: onec,
      clock,
      // The gateway's bus carries the sync's events among others (EventBus is invariant in its map).
      events: events as unknown as EventBus<SyncEvents>,
      // Read per use: a change made in the console or by gatewayctl applies to the next plan.
      settings: () => {
        const c = config.all();
        return { maxDeactivationPct: c['sync.maxDeactivationPct'], planTtlHours: c['sync.planTtlHours'], defaultZone: c['sync.defaultZone'] };
      },
    });
    const schedules = new ScheduleService({ db, clock, settings: scheduleSettingsFrom(config), demoSchedules: opts.demoSchedules });
    const timesheets = new TimesheetService({ db, clock, settings: timesheetSettingsFrom(config) });
    // Retention settings are read per run too: `gatewayctl config set retention.planDays` applies to the next prune.
    const queue = new QueueEngine({
      db,
      clock,
      sync,
      onec,
      concurrency: opts.queueConcurrency,
      retention: () => retentionSettingsFrom(config),
      // 1C's answers to uploads and fetches are kept per employee and month, day or period.
      handlers: {
        schedule_upload: scheduleUploadRecordingHandler(onec, db, clock),
        timesheet_request: timesheetRecordingHandler(onec, db, clock, () => config.get('sync.defaultZone')),
        norm_hours_request: normsRecordingHandler(onec, db, clock),
      },
    });
    const jobFeed = new JobProgressFeed({ db, clock, emit: (job) => events.emit(job.kind === 'schedule_upload' ? 'schedules.uploadProgress' : 'timesheets.fetchProgress', job) });
    const mce = new MceService({ db, clock, config, vault, override: opts.mceOverride, log: opts.log });
    const metrics = new GatewayMetrics({ db, clock, calls, breakers: () => breakerList(queue.breakers), mce: () => mce.status() });
    if (opts.runQueue) {
      queue.start();
      mce.start();
    }
    const actor = opts.actor ?? defaultActor();
    // Started last: nothing below can fail and leave its timer writing to a closed database.
    history.start();
    let closed = false;
    return {
      dataDir: opts.dataDir,
      db,
      clock,
      events,
      config,
      vault,
      onec,
      sync,
      queue,
      mce,
      schedules,
      timesheets,
      metrics,
      actor,
      demo: opts.onecOverride !== undefined || opts.mceOverride !== undefined,
      simulated: [...(opts.onecOverride ? (['onec'] as const) : []), ...(opts.mceOverride ? (['mce'] as const) : [])],
      audit: (e) => appendAudit(db, { ...e, actor: e.actor ?? actor }, clock),
      health: async () =>
        healthSummary({ db, clock, dataDir: opts.dataDir, queue, vault, calls, demo: opts.onecOverride !== undefined, onecConfigured: () => onec.configured(), onecOrigin: () => endpointOrigin(config.get('onec.url')), mce: () => mce.status() }),
      // The calls are stamped with the wall clock (core/onec/caller.ts), so their windows end at the wall clock's minute.
      callHistory: (range, system = 'onec') => history.query(system, range, Date.now(), config.get('health.callHistoryDays')),
      async close(o = {}) {
        if (closed) return;
        closed = true;
        await queue.stop({ deadlineMs: o.deadlineMs ?? 10_000 });
        jobFeed.close();
        await mce.stop();
        await onec.close();
        metrics.close();
        history.stop();
        await writer?.close();
        await checkpointer?.close();
        flushAuditHead(db);
        db.close();
      },
    };
  } catch (e) {
    await writer?.close();
    await checkpointer?.close();
    db.close();
    throw e;
  }
}

/** The audit log of a data directory, opened to read and verify only. */
export interface AuditReader {
  readonly dataDir: string;
  readonly db: Db;
  readonly clock: Clock;
  close(): void;
}

/**
 * Opens a data directory's audit log read-only, without migrations, workers
 * or a queue: for `gatewayctl audit` reading, verifying and exporting, which
 * then also work on a read-only copy of a data directory (a backup, a copy
 * taken for an investigation). The key file is read, never created.
 */
export function openAuditReader(opts: { dataDir: string; keyProvider?: DataKeyProvider; clock?: Clock }): AuditReader {
  const clock = opts.clock ?? systemClock;
  const file = databaseFile(opts.dataDir);
  if (!existsSync(file)) throw new GatewayError('no_database', `there is no gateway database in ${opts.dataDir}: nothing has been written there yet, or it is another directory`, 'permanent');
  const ro = openReadOnly(file);
  const db = ro.db;
  try {
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new GatewayError('db_too_new', `the database ${file} has schema version ${version}, written by a newer version of the gateway; this version understands up to ${SCHEMA_VERSION}`, 'permanent');
    }
    const keys = onceLoaded(opts.keyProvider ?? new KeyFileProvider(keyFilePath(opts.dataDir), { create: false }));
    attachAuditKey(db, { dataKey: () => keys.load(), headFile: auditHeadPath(opts.dataDir), clock });
  } catch (e) {
    ro.close();
    throw e;
  }
  return { dataDir: opts.dataDir, db, clock, close: () => ro.close() };
}
