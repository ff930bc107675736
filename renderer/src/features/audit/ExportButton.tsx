// "Export CSV": pages of the filtered log fetched one after another with a progress bar
// (pages and rows of the total) and cancel; the assembled file is saved as a download.
import { Button, Group, Progress, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilterInput } from '../../../../core/contract/index.ts';
import { useConsoleClient } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { errorMessage } from '../../components/errors.ts';
import { ExportCancelled, exportFileName, exportPageSize, fetchAuditCsv, saveBlob, type ExportProgress } from './exportCsv.ts';

export function ExportButton({ filter, disabled, save = saveBlob }: { filter: AuditFilterInput; disabled?: boolean; save?: (blob: Blob, name: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useConsoleClient();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const n = (x: number) => formatNumber(x, i18n.language);

  async function run() {
    const ctrl = new AbortController();
    abort.current = ctrl;
    setRunning(true);
    setProgress(null);
    try {
      const blob = await fetchAuditCsv(client, filter, setProgress, ctrl.signal);
      save(blob, exportFileName(new Date()));
      notifications.show({ color: 'green', message: t('audit.export.done') });
    } catch (e) {
      if (e instanceof ExportCancelled) notifications.show({ color: 'gray', message: t('audit.export.cancelled') });
      else notifications.show({ color: 'red', title: t('audit.export.failed'), message: errorMessage(e, t('audit.export.failed')) });
    } finally {
      setRunning(false);
      setProgress(null);
      abort.current = null;
    }
  }

  if (!running) {
    return <Button variant="default" onClick={() => void run()} disabled={disabled}>{t('audit.export.button')}</Button>;
  }
  const pct = progress && progress.total > 0 ? Math.round((progress.rows / progress.total) * 100) : 0;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="audit-export-progress">
      <div style={{ width: 200 }}>
        <Progress value={pct} size="sm" animated aria-label={t('audit.export.progressLabel')} />
        <Text size="xs" c="dimmed" className="tnum nowrap" aria-live="polite">
          {progress
            ? t('audit.export.progress', { pages: n(progress.pages), totalPages: n(Math.max(1, Math.ceil(progress.total / exportPageSize))), rows: n(progress.rows), total: n(progress.total) })
            : t('audit.export.starting')}
        </Text>
      </div>
      <Button size="compact-sm" variant="subtle" color="red" onClick={() => abort.current?.abort()}>{t('common.cancel')}</Button>
    </Group>
  );
}
