// One audit entry in full: who, what, when (zoned), the hash, and before / after / details
// as formatted JSON (secrets were redacted when the entry was written); a column that is not
// what the gateway writes is shown as stored, under a warning.
import { Alert, Code, Drawer, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView } from '../../../../core/contract/index.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { Fact } from '../../components/Fact.tsx';
import { malformedNames } from './columns.tsx';

/** `raw`: a malformed column, whose stored text is shown as it is. */
function Json({ value, label, raw = false }: { value: unknown; label: string; raw?: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm" fw={600} mb={4} c={raw ? 'red' : undefined}>{label}</Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">{t('common.none')}</Text>
      ) : (
        <Code block className="json-block" aria-label={label}>{raw ? String(value) : JSON.stringify(value, null, 2)}</Code>
      )}
    </div>
  );
}

export function AuditDrawer({ entry, onClose }: { entry: AuditEntryView | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size={640}
      title={entry ? <Text fw={600}>{t('audit.detail.title', { id: entry.id })}</Text> : null}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {entry && (
        <Stack gap="md">
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            <Fact label={t('audit.col.at')}><TimeWithZone value={entry.at} relative="beside" past /></Fact>
            <Fact label={t('audit.col.actor')}><Text size="sm">{entry.actor}</Text></Fact>
            <Fact label={t('audit.col.action')}><Text size="sm" className="mono">{entry.action}</Text></Fact>
            <Fact label={t('audit.col.entity')}>
              <Text size="sm"><span className="mono">{entry.entityType}</span>{entry.entityId ? ` · ${entry.entityId}` : ''}</Text>
            </Fact>
          </SimpleGrid>
          {entry.malformed && (
            <Alert color="red" variant="light" py={6} role="alert">
              <Text size="sm">{t('audit.detail.malformed', { columns: malformedNames(entry.malformed, t) })}</Text>
            </Alert>
          )}
          <Fact label={entry.keyed ? t('audit.detail.hashKeyed') : t('audit.detail.hash')}><Text size="xs" className="mono" style={{ wordBreak: 'break-all' }}>{entry.hash}</Text></Fact>
          <Json label={t('audit.detail.before')} value={entry.before} raw={entry.malformed?.includes('before')} />
          <Json label={t('audit.detail.after')} value={entry.after} raw={entry.malformed?.includes('after')} />
          <Json label={t('audit.detail.details')} value={entry.details} raw={entry.malformed?.includes('details')} />
        </Stack>
      )}
    </Drawer>
  );
}
