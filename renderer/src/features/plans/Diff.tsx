// Field-level before → after: inline (first changes in a table row) and full (the item drawer).
// 1C ids are resolved to names where the plan knows them; an id nobody can read is shortened.
import { Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanItem } from '../../../../core/contract/index.ts';

type FieldChange = PlanItem['changes'][number];
import { valueText } from './values.ts';

/** Department names by 1C id (from the plan's facets), so "departmentId" reads as a name. */
export const DepartmentNames = createContext<ReadonlyMap<string, string>>(new Map());

/** Fields whose values are 1C ids. */
const idFields = new Set(['departmentId', 'parentId', 'positionId']);
const departmentFields = new Set(['departmentId', 'parentId']);

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** What rendering a diff needs, looked up once per table rather than once per value. */
export interface DiffContext {
  t: TFunction;
  locale: string;
  yes: string;
  no: string;
  empty: string;
  departments: ReadonlyMap<string, string>;
}

export function useDiffContext(): DiffContext {
  const { t, i18n } = useTranslation();
  const departments = useContext(DepartmentNames);
  return { t, locale: i18n.language, yes: t('common.yes'), no: t('common.no'), empty: t('plans.item.empty'), departments };
}

/** Plain spans, no hooks: a fast scroll mounts hundreds of these a second. */
function diffValue(value: unknown, side: 'before' | 'after', field: string, ctx: DiffContext) {
  const cls = side === 'before' ? 'diff-before' : 'diff-after';
  if (idFields.has(field) && typeof value === 'string' && value !== '') {
    const name = departmentFields.has(field) ? ctx.departments.get(value) : undefined;
    if (name) return <span className={cls} title={value}>{name}</span>;
    return <span className={`${cls} mono`} title={value}>{shortId(value)}</span>;
  }
  const v = valueText(value, ctx.locale, ctx);
  if (v.kind === 'empty') return <span className={cls}><i>{ctx.empty}</i></span>;
  return <span className={cls}>{v.text}</span>;
}

export function DiffValue({ value, side, field = '' }: { value: unknown; side: 'before' | 'after'; field?: string }) {
  return diffValue(value, side, field, useDiffContext());
}

export function fieldLabel(t: TFunction, field: string): string {
  return t(`plans.field.${field}`, { defaultValue: field });
}

/** Fields a created record's label already shows ("Иванов Иван Иванович (223-16)"). */
const inLabel = new Set(['tabN', 'lastName', 'firstName', 'secondName', 'middleName', 'fullName', 'name', 'active']);

/** In a one-line summary, an id says nothing when its name changes beside it. */
function summaryFields(changes: readonly FieldChange[]): FieldChange[] {
  const fields = new Set(changes.map((c) => c.field));
  return changes.filter((c) => !(c.field === 'positionId' && fields.has('positionName')));
}

/**
 * One line for a table cell, as a plain render function (no hooks, no components), for
 * the virtualized grid: a new record shows what it will be; a change shows its first
 * fields before → after and counts the rest; an invalid record shows why.
 */
export function renderInlineDiff(item: PlanItem, ctx: DiffContext, max = 2) {
  const { t } = ctx;
  if (item.action === 'invalid') {
    return <span className="invalid-reasons" title={item.reasons.join('\n')}>{item.reasons.join('; ')}</span>;
  }
  if (item.action === 'create') {
    const shown = summaryFields(item.changes)
      .filter((c) => !inLabel.has(c.field) && !idFields.has(c.field) && c.after !== null && c.after !== undefined && c.after !== '')
      .slice(0, max + 1);
    if (shown.length === 0) return <span className="dim small">{t('plans.items.newRecord')}</span>;
    return (
      <span>
        {shown.map((c, i) => (
          <span key={c.field}>
            {i > 0 && <span className="diff-arrow">·</span>}
            <span className="diff-field">{fieldLabel(t, c.field)}:</span>
            {diffValue(c.after, 'after', c.field, ctx)}
          </span>
        ))}
      </span>
    );
  }
  const changes = summaryFields(item.changes);
  if (changes.length === 0) return <span className="dim small">{t('plans.items.noChanges')}</span>;
  const shown = changes.slice(0, max);
  const more = changes.length - shown.length;
  return (
    <span>
      {shown.map((c, i) => (
        <span key={c.field}>
          {i > 0 && <span className="diff-arrow">·</span>}
          <span className="diff-field">{fieldLabel(t, c.field)}:</span>
          {diffValue(c.before, 'before', c.field, ctx)}
          <span className="diff-arrow" aria-label="→">→</span>
          {diffValue(c.after, 'after', c.field, ctx)}
        </span>
      ))}
      {more > 0 && <span className="dim small"> · {t('plans.items.moreChanges', { count: more })}</span>}
    </span>
  );
}

/** The same line as a component, for places outside the grid. */
export function InlineDiff({ item, max = 2 }: { item: PlanItem; max?: number }) {
  return renderInlineDiff(item, useDiffContext(), max);
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
            <Table.Td><DiffValue value={c.before} side="before" field={c.field} /></Table.Td>
            <Table.Td><DiffValue value={c.after} side="after" field={c.field} /></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
