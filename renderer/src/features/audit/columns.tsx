// Columns of the audit table: id, time (zone, relative on hover), actor, action, entity, and a
// one-line summary of what changed (the drawer has it all).
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntryView, AuditMalformedColumn } from '../../../../core/contract/index.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import type { VirtualColumn } from '../../components/VirtualTable.tsx';

/** The names of an entry's malformed columns in the console's language. */
export function malformedNames(columns: readonly AuditMalformedColumn[], t: TFunction): string {
  return columns.map((c) => (c === 'at' ? t('audit.col.at') : t(`audit.detail.${c}`))).join(', ');
}

/** A compact one-line JSON of after (or details, or before) for the table cell. */
export function changeSummary(e: Pick<AuditEntryView, 'before' | 'after' | 'details'>, max = 160): string {
  const v = e.after ?? e.details ?? e.before;
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function useAuditColumns(): Array<VirtualColumn<AuditEntryView>> {
  const { t } = useTranslation();
  return useMemo<Array<VirtualColumn<AuditEntryView>>>(
    () => [
      { id: 'id', header: t('audit.col.id'), width: '64px', align: 'right', render: (e) => <span className="tnum">{e.id}</span> },
      { id: 'at', header: t('audit.col.at'), width: '170px', render: (e) => <TimeWithZone value={e.at} size="xs" compact past /> },
      { id: 'actor', header: t('audit.col.actor'), width: 'minmax(130px, 1fr)', render: (e) => <Text span size="xs" className="ellipsis" title={e.actor}>{e.actor}</Text> },
      { id: 'action', header: t('audit.col.action'), width: 'minmax(190px, 1.2fr)', render: (e) => <Text span size="xs" className="ellipsis"><span className="mono">{e.action}</span></Text> },
      {
        id: 'entity',
        header: t('audit.col.entity'),
        width: 'minmax(150px, 1fr)',
        render: (e) => (
          <Text span size="xs" className="ellipsis" title={e.entityId ?? undefined}>
            <span className="mono">{e.entityType}</span>
            {e.entityId ? <Text span size="xs" c="dimmed"> · {e.entityId}</Text> : null}
          </Text>
        ),
      },
      {
        id: 'change',
        header: t('audit.col.change'),
        width: 'minmax(200px, 3fr)',
        render: (e) =>
          e.malformed ? (
            <Text span size="xs" c="red" className="ellipsis">{t('audit.malformed', { columns: malformedNames(e.malformed, t) })}</Text>
          ) : (
            <Text span size="xs" c="dimmed" className="ellipsis"><span className="mono">{changeSummary(e)}</span></Text>
          ),
      },
    ],
    [t],
  );
}
