// "Export": a menu of files the gateway can make (T-13 as XLSX, days as CSV…); the chosen one is
// fetched, saved as a download, and the result said in a notification (name and rows, or why not).
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFile } from '../../../core/contract/index.ts';
import { errorMessage } from './errors.ts';
import { formatNumber } from './format.ts';
import { IconDownload } from './Icons.tsx';
import { exportBlob, saveBlob, type SaveFile } from './saveFile.ts';

export interface ExportChoice {
  id: string;
  label: string;
  make(): Promise<ExportFile>;
}

export function ExportMenu({ label, choices, disabled, save = saveBlob }: { label?: string; choices: ExportChoice[]; disabled?: boolean; save?: SaveFile }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);

  async function run(c: ExportChoice) {
    setBusy(c.id);
    try {
      const file = await c.make();
      save(exportBlob(file), file.fileName);
      notifications.show({ color: 'green', message: t('exchange.export.done', { file: file.fileName, rows: formatNumber(file.rows, i18n.language), count: file.rows }) });
    } catch (e) {
      notifications.show({ color: 'red', title: t('exchange.export.failed'), message: errorMessage(e, t('common.unknownError')) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={14} />} loading={busy !== null} disabled={disabled}>
          {label ?? t('exchange.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {choices.map((c) => (
          <Menu.Item key={c.id} onClick={() => void run(c)}>{c.label}</Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
