// The imports that brought the stored shifts, newest first: when, who, which file, how many rows
// were read, stored and rejected, and how many of its shifts are still stored (later imports
// replace earlier ones for the employees and dates they cover).
import { Button, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { IconUpload } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';

export function ImportsTab({ onImport }: { onImport(): void }) {
  const { t, i18n } = useTranslation();
  const q = useContractQuery('schedules.imports', { limit: 100 });
  const n = (x: number) => formatNumber(x, i18n.language);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.total === 0) {
    return (
      <EmptyView title={t('schedules.imports.emptyTitle')} action={<Button leftSection={<IconUpload size={14} />} onClick={onImport}>{t('schedules.import.button')}</Button>}>
        {t('schedules.imports.empty')}
      </EmptyView>
    );
  }
  return (
    <Stack gap="xs">
      <Table highlightOnHover verticalSpacing={4} fz="sm" className="tnum" aria-label={t('schedules.imports.label')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>{t('schedules.imports.col.id')}</Table.Th>
            <Table.Th w={200}>{t('schedules.imports.col.when')}</Table.Th>
            <Table.Th>{t('schedules.imports.col.source')}</Table.Th>
            <Table.Th w={170}>{t('schedules.imports.col.by')}</Table.Th>
            <Table.Th ta="right">{t('schedules.imports.col.read')}</Table.Th>
            <Table.Th ta="right">{t('schedules.imports.col.stored')}</Table.Th>
            <Table.Th ta="right">{t('schedules.imports.col.rejected')}</Table.Th>
            <Table.Th ta="right">{t('schedules.imports.col.left')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.imports.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.id}</Table.Td>
              <Table.Td><TimeWithZone value={i.importedAt} size="sm" compact past /></Table.Td>
              <Table.Td><Text size="sm" truncate title={i.source}>{i.source} <Text span size="xs" c="dimmed">{i.format.toUpperCase()}</Text></Text></Table.Td>
              <Table.Td><Text size="sm" truncate>{i.importedBy}</Text></Table.Td>
              <Table.Td ta="right">{n(i.rowsRead)}</Table.Td>
              <Table.Td ta="right">{n(i.rowsStored)}</Table.Td>
              <Table.Td ta="right" c={i.rowsRejected > 0 ? 'red.8' : undefined}>{n(i.rowsRejected)}</Table.Td>
              <Table.Td ta="right" c={i.shiftsLeft === 0 ? 'dimmed' : undefined}>{n(i.shiftsLeft)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {q.data.total > q.data.imports.length && <Text size="xs" c="dimmed">{t('schedules.imports.more', { shown: n(q.data.imports.length), total: n(q.data.total) })}</Text>}
    </Stack>
  );
}
