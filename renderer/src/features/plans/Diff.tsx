// Field-level before → after: inline (first changes in a table row) and full (the item drawer).
import { Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PlanItem } from '../../../../core/contract/index.ts';
import { valueText } from './values.ts';

export function DiffValue({ value, side }: { value: unknown; side: 'before' | 'after' }) {
  const { t, i18n } = useTranslation();
  const v = valueText(value, i18n.language, { yes: t('common.yes'), no: t('common.no') });
  const cls = side === 'before' ? 'diff-before' : 'diff-after';
  if (v.kind === 'empty') return <span className={cls}><i>{t('plans.item.empty')}</i></span>;
  return <span className={cls}>{v.text}</span>;
}

export function fieldLabel(t: TFunction, field: string): string {
  return t(`plans.field.${field}`, { defaultValue: field });
}

/** Fields a created record's label already shows ("Иванов Иван Иванович (223-16)"). */
const inLabel = new Set(['tabN', 'lastName', 'firstName', 'secondName', 'middleName', 'fullName', 'name', 'active']);

/** A new record: what it will be, without a column of "empty →". */
function CreatedFields({ item, max }: { item: PlanItem; max: number }) {
  const { t } = useTranslation();
  const shown = item.changes.filter((c) => !inLabel.has(c.field) && c.after !== null && c.after !== undefined && c.after !== '').slice(0, max);
  if (shown.length === 0) return <Text span size="xs" c="dimmed">{t('plans.items.newRecord')}</Text>;
  return (
    <span>
      {shown.map((c, i) => (
        <span key={c.field}>
          {i > 0 && <span className="diff-arrow">·</span>}
          <span className="diff-field">{fieldLabel(t, c.field)}:</span>
          <DiffValue value={c.after} side="after" />
        </span>
      ))}
    </span>
  );
}

/** One line for a table cell: the first changes, then "+N more fields". */
export function InlineDiff({ item, max = 2 }: { item: PlanItem; max?: number }) {
  const { t } = useTranslation();
  if (item.action === 'create') return <CreatedFields item={item} max={max + 1} />;
  if (item.action === 'invalid') {
    return <Text span size="sm" c="orange.8" title={item.reasons.join('\n')}>{item.reasons.join('; ')}</Text>;
  }
  if (item.changes.length === 0) {
    return <Text span size="xs" c="dimmed">{t('plans.items.noChanges')}</Text>;
  }
  const shown = item.changes.slice(0, max);
  const more = item.changes.length - shown.length;
  return (
    <span>
      {shown.map((c, i) => (
        <span key={c.field}>
          {i > 0 && <span className="diff-arrow">·</span>}
          <span className="diff-field">{fieldLabel(t, c.field)}:</span>
          <DiffValue value={c.before} side="before" />
          <span className="diff-arrow" aria-label="→">→</span>
          <DiffValue value={c.after} side="after" />
        </span>
      ))}
      {more > 0 && <Text span size="xs" c="dimmed"> · {t('plans.items.moreChanges', { count: more })}</Text>}
    </span>
  );
}

/** Every changed field as a table: field, before, after. */
export function FullDiff({ item }: { item: PlanItem }) {
  const { t } = useTranslation();
  if (item.changes.length === 0) {
    return <Text size="sm" c="dimmed">{item.action === 'create' ? t('plans.items.newRecord') : t('plans.item.noChanges')}</Text>;
  }
  return (
    <Table aria-label={t('plans.items.col.changes')} withTableBorder verticalSpacing={6}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('plans.item.field')}</Table.Th>
          <Table.Th>{t('plans.item.before')}</Table.Th>
          <Table.Th>{t('plans.item.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {item.changes.map((c) => (
          <Table.Tr key={c.field}>
            <Table.Th scope="row" fw={500}>{fieldLabel(t, c.field)}</Table.Th>
            <Table.Td><DiffValue value={c.before} side="before" /></Table.Td>
            <Table.Td><DiffValue value={c.after} side="after" /></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
