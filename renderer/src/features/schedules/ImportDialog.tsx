// Import a schedule file from Argus WFM: a drop zone (a plain, keyboard-reachable file input with
// drag and drop), "store the valid rows only" (--partial) and "check only" (--dry-run), the file
// sent in chunks with determinate progress and a cancel, then the checked report. A fixed file
// can be dropped again in the same dialog.
import { Alert, Button, Checkbox, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { methods, type ImportReport } from '../../../../core/contract/index.ts';
import { invalidateMethods, useConsoleClient, useContractQuery } from '../../client/index.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconAlert, IconUpload } from '../../components/Icons.tsx';
import { monthLabel } from '../../components/month.ts';
import { ImportReportView } from './ImportReport.tsx';
import { FileTooLarge, ImportCancelled, stageAndImport, type StageProgress } from './stageFile.ts';

/** "2,4 МБ", "512 KB". */
export function formatBytes(bytes: number, locale: string, units: { kb: string; mb: string; b: string }): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale)} ${units.b}`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round((bytes / 1024) * 10) / 10, locale)} ${units.kb}`;
  return `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, locale)} ${units.mb}`;
}

export interface ImportDialogProps {
  opened: boolean;
  onClose(): void;
  /** The month on screen: a stored import of another month offers to open it. */
  month: string;
  onGoToRow(link: { employeeId: string; date: string | null }): void;
  onOpenMonth(month: string): void;
}

export function ImportDialog({ opened, onClose, month, onGoToRow, onOpenMonth }: ImportDialogProps) {
  const { t, i18n } = useTranslation();
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [partial, setPartial] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [progress, setProgress] = useState<StageProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A failed call: said like every gateway error (the operator's language first, then its words).
  const [failure, setFailure] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const running = progress !== null;
  // Demo mode: the built-in 1C simulator's month can stand in for a file from Argus WFM.
  const info = useContractQuery('app.info', {}, { staleTime: 60_000 });
  const demo = info.data?.simulated.includes('onec') ?? false;
  const [demoRunning, setDemoRunning] = useState(false);
  const units = { b: t('schedules.import.bytes'), kb: t('schedules.import.kb'), mb: t('schedules.import.mb') };

  function choose(f: File | null | undefined) {
    if (!f) return;
    setFile(f);
    setProblem(null);
    setFailure(null);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    if (!running) choose(e.dataTransfer.files[0]);
  }

  async function run() {
    if (!file) return;
    const ctrl = new AbortController();
    abort.current = ctrl;
    setProblem(null);
    setFailure(null);
    setReport(null);
    try {
      const r = await stageAndImport(client, file, { partial, dryRun }, setProgress, ctrl.signal);
      setReport(r);
      // The import changed shifts: every view of them is stale (as the command's own invalidation says).
      if (r.stored) await invalidateMethods(queryClient, methods['schedules.import'].invalidates ?? []);
    } catch (e) {
      if (e instanceof ImportCancelled) setProblem(t('schedules.import.cancelled'));
      else if (e instanceof FileTooLarge) setProblem(t('schedules.import.tooLarge', { size: formatBytes(e.size, i18n.language, units) }));
      else setFailure(e ?? new Error(t('common.unknownError')));
    } finally {
      setProgress(null);
      abort.current = null;
      // The same file name chosen again (fixed on disk) must fire a change.
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  async function runDemo() {
    setProblem(null);
    setFailure(null);
    setReport(null);
    setDemoRunning(true);
    try {
      const r = await client.call('schedules.import', { source: { kind: 'demo', month }, partial, dryRun });
      setReport(r);
      if (r.stored) await invalidateMethods(queryClient, methods['schedules.import'].invalidates ?? []);
    } catch (e) {
      setFailure(e ?? new Error(t('common.unknownError')));
    } finally {
      setDemoRunning(false);
    }
  }

  function close() {
    if (running || demoRunning) return;
    setReport(null);
    setProblem(null);
    setFailure(null);
    setFile(null);
    onClose();
  }

  const reportMonth = report?.stored && report.period ? report.period.from.slice(0, 7) : null;
  const pct = progress && progress.total > 0 ? (progress.sent / progress.total) * 100 : 0;

  return (
    <Modal opened={opened} onClose={close} size={980} title={<Text fw={600}>{t('schedules.import.title')}</Text>} closeButtonProps={{ 'aria-label': t('common.close') }} closeOnClickOutside={!running}>
      <Stack gap="sm">
        <div
          className={`dropzone${dragging ? ' is-dragging' : ''}${running ? ' is-busy' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            if (!running) setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-dropzone"
        >
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="visually-hidden"
            aria-label={t('schedules.import.fileLabel')}
            disabled={running}
            onChange={(e) => choose(e.currentTarget.files?.[0])}
          />
          <label htmlFor={inputId} className="dropzone-label">
            <IconUpload size={22} />
            {file ? (
              <span>
                <b>{file.name}</b> <span className="dim tnum">({formatBytes(file.size, i18n.language, units)})</span>
                <br />
                <span className="dim">{t('schedules.import.another')}</span>
              </span>
            ) : (
              <span>
                {t('schedules.import.drop')} <u>{t('schedules.import.pick')}</u>
              </span>
            )}
          </label>
          <Text size="xs" c="dimmed" ta="center">{t('schedules.import.columns')}</Text>
        </div>
        {demo && (
          <Group gap="sm" justify="center" data-testid="demo-import">
            <Text size="sm" c="dimmed">{t('schedules.import.demoHint')}</Text>
            <Button size="xs" variant="light" color="orange" loading={demoRunning} disabled={running} onClick={() => void runDemo()}>
              {t('schedules.import.demoButton', { month: monthLabel(month, i18n.language) })}
            </Button>
          </Group>
        )}
        <Group gap="lg">
          <Checkbox label={t('schedules.import.partial')} description={t('schedules.import.partialHint')} checked={partial} onChange={(e) => setPartial(e.currentTarget.checked)} disabled={running} />
          <Checkbox label={t('schedules.import.dryRun')} description={t('schedules.import.dryRunHint')} checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} disabled={running} />
        </Group>
        {progress && (
          <Stack gap={4}>
            <Progress
              value={progress.phase === 'checking' ? 100 : pct}
              animated
              striped={progress.phase === 'checking'}
              size="md"
              aria-label={t('schedules.import.progressLabel')}
            />
            <Text size="xs" c="dimmed" className="tnum" aria-live="polite">
              {progress.phase === 'checking'
                ? t('schedules.import.checking')
                : t('schedules.import.sending', { sent: formatBytes(progress.sent, i18n.language, units), total: formatBytes(progress.total, i18n.language, units) })}
            </Text>
          </Stack>
        )}
        {problem && (
          <Text size="sm" c="red.8" role="alert"><IconAlert size={14} /> {problem}</Text>
        )}
        {failure !== null && (
          <Alert color="red" variant="light" py={6} icon={<IconAlert size={16} />} title={t('schedules.import.failed')} role="alert">
            <GatewayErrorText error={failure} />
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          {running ? (
            // Once the whole file is sent the gateway checks and stores it in one go: nothing to stop any more.
            <Button variant="subtle" color="red" onClick={() => abort.current?.abort()} disabled={progress?.phase === 'checking'} title={progress?.phase === 'checking' ? t('schedules.import.noCancel') : undefined}>{t('common.cancel')}</Button>
          ) : (
            <Button variant="default" onClick={close}>{t('common.close')}</Button>
          )}
          {reportMonth && reportMonth !== month && !running && (
            <Button variant="light" onClick={() => { close(); onOpenMonth(reportMonth); }}>{t('schedules.import.openMonth', { month: monthLabel(reportMonth, i18n.language) })}</Button>
          )}
          <Button onClick={() => void run()} disabled={!file || running} loading={running} leftSection={<IconUpload size={14} />}>
            {dryRun ? t('schedules.import.submitDryRun') : t('schedules.import.submit')}
          </Button>
        </Group>
        {report && (
          <ImportReportView
            report={report}
            onGoToRow={(link) => {
              close();
              onGoToRow(link);
            }}
          />
        )}
      </Stack>
    </Modal>
  );
}
