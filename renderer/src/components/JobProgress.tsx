// Long work with 1C (an upload of schedules, a fetch of timesheets or norms) runs as a job of
// queue operations on the gateway: the operator may leave the screen and come back. Its progress
// is determinate (operations done of the total), from the job list and its progress events.
import { Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExchangeJob, ExchangeJobKind } from '../../../core/contract/index.ts';
import { useContractEvent, useContractQuery } from '../client/index.ts';
import { formatNumber, formatPeriod } from './format.ts';
import { IconAlert, IconCheck, IconHourglass, IconX } from './Icons.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TimeWithZone } from './TimeWithZone.tsx';

const done = (j: ExchangeJob) => j.completed + j.failed + j.cancelled;

/** The fresher of two views of one job: the one further along (events and queries race). */
function fresher(a: ExchangeJob, b: ExchangeJob): ExchangeJob {
  if (a.finished !== b.finished) return a.finished ? a : b;
  return done(b) >= done(a) ? b : a;
}

/** Recent jobs of a kind, newest first, kept current by the progress events. */
export function useExchangeJobs(kind: ExchangeJobKind, limit = 10): { jobs: ExchangeJob[]; isPending: boolean; error: unknown } {
  const uploads = useContractQuery('schedules.uploadJobs', { limit }, { enabled: kind === 'schedule_upload' });
  const fetches = useContractQuery('timesheets.jobs', { kind: kind === 'norm_fetch' ? 'norm_fetch' : 'timesheet_fetch', limit }, { enabled: kind !== 'schedule_upload' });
  const q = kind === 'schedule_upload' ? uploads : fetches;
  const [live, setLive] = useState<ReadonlyMap<number, ExchangeJob>>(new Map());
  const onEvent = (j: ExchangeJob) => {
    if (j.kind !== kind) return;
    setLive((m) => new Map(m).set(j.id, m.has(j.id) ? fresher(m.get(j.id)!, j) : j));
  };
  useContractEvent('schedules.uploadProgress', onEvent);
  useContractEvent('timesheets.fetchProgress', onEvent);
  const listed = q.data?.jobs;
  const jobs = useMemo(() => {
    const byId = new Map<number, ExchangeJob>();
    for (const j of listed ?? []) byId.set(j.id, live.has(j.id) ? fresher(j, live.get(j.id)!) : j);
    for (const [id, j] of live) if (!byId.has(id)) byId.set(id, j);
    return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
  }, [listed, live, limit]);
  return { jobs, isPending: q.isPending, error: q.error };
}

/**
 * The jobs a screen follows: the running ones, and those started or seen running there, until
 * the operator dismisses them (a finished job stays on screen with its outcome until then).
 */
export function useWatchedJobs(kind: ExchangeJobKind, limit: number): { shown: ExchangeJob[]; watch(id: number): void; dismiss(id: number): void } {
  const { jobs } = useExchangeJobs(kind, limit);
  const [watched, setWatched] = useState<ReadonlySet<number>>(new Set());
  const runningIds = jobs.filter((j) => !j.finished).map((j) => j.id).join(',');
  useEffect(() => {
    if (!runningIds) return;
    setWatched((w) => {
      const ids = runningIds.split(',').map(Number).filter((id) => !w.has(id));
      return ids.length ? new Set([...w, ...ids]) : w;
    });
  }, [runningIds]);
  const watch = useCallback((id: number) => setWatched((w) => new Set(w).add(id)), []);
  const dismiss = useCallback((id: number) => setWatched((w) => { const n = new Set(w); n.delete(id); return n; }), []);
  return { shown: jobs.filter((j) => !j.finished || watched.has(j.id)), watch, dismiss };
}

export function JobStateBadge({ job }: { job: ExchangeJob }) {
  const { t } = useTranslation();
  if (!job.finished) return <StatusBadge tone="processing" icon={<IconHourglass size={12} />} label={t('exchange.job.running')} />;
  if (job.failed > 0) return <StatusBadge tone="error" icon={<IconX size={12} />} label={t('exchange.job.finishedWithFailures')} />;
  if (job.cancelled > 0 && job.completed === 0) return <StatusBadge tone="muted" icon={<IconAlert size={12} />} label={t('exchange.job.cancelled')} />;
  return <StatusBadge tone="ok" icon={<IconCheck size={12} />} label={t('exchange.job.finished')} />;
}

/** "Done 5 of 8 employees · 1 failed · 1 waiting for a retry · 2 running". */
export function jobProgressText(job: ExchangeJob, t: TFunction, locale: string): string {
  const n = (x: number) => formatNumber(x, locale);
  const unit = job.kind === 'schedule_upload' ? 'employees' : 'requests';
  const parts = [t(`exchange.job.done.${unit}`, { done: n(done(job)), total: n(job.total), count: job.total })];
  if (job.failed) parts.push(t('exchange.job.failed', { count: job.failed, n: n(job.failed) }));
  if (job.retrying) parts.push(t('exchange.job.retrying', { count: job.retrying, n: n(job.retrying) }));
  if (job.running) parts.push(t('exchange.job.inFlight', { count: job.running, n: n(job.running) }));
  if (job.pending) parts.push(t('exchange.job.pending', { count: job.pending, n: n(job.pending) }));
  if (job.cancelled) parts.push(t('exchange.job.cancelledCount', { count: job.cancelled, n: n(job.cancelled) }));
  if (job.unreadable) parts.push(t('exchange.job.unreadable', { count: job.unreadable, n: n(job.unreadable) }));
  return parts.join(' · ');
}

export interface JobProgressProps {
  job: ExchangeJob;
  /** "Upload to 1C", "Timesheet fetch". */
  title: string;
  /** Under the bar, e.g. a link to the results. */
  children?: ReactNode;
}

export function JobProgress({ job, title, children }: JobProgressProps) {
  const { t, i18n } = useTranslation();
  const pct = job.total > 0 ? Math.min(100, (done(job) / job.total) * 100) : 100;
  const text = jobProgressText(job, t, i18n.language);
  const color = job.failed > 0 ? 'red' : job.finished ? 'green' : 'blue';
  return (
    <Paper withBorder p="xs" radius="sm" role="region" aria-label={t('exchange.job.title', { title, id: job.id })} data-testid={`job-${job.id}`}>
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>{t('exchange.job.title', { title, id: job.id })}</Text>
            <Text size="sm" className="tnum">{formatPeriod(job.from, job.to, i18n.language)}</Text>
            <Text size="xs" c="dimmed">{t('exchange.job.by', { name: job.createdBy })}</Text>
            <TimeWithZone value={job.createdAt} size="xs" compact past />
          </Group>
          <JobStateBadge job={job} />
        </Group>
        <Progress
          value={pct}
          color={color}
          size="md"
          animated={!job.finished}
          striped={!job.finished}
          aria-label={t('exchange.job.progressLabel', { title, id: job.id })}
          aria-valuetext={text}
        />
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Text size="xs" className="tnum" aria-live="polite" data-testid="job-progress-text">{text}</Text>
          {children}
        </Group>
      </Stack>
    </Paper>
  );
}
