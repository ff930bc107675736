// The T-13 grid's columns in its familiar order: days 1–15, the first half-month's totals (days
// and hours), days 16–end, the second half's, the month's; then the norm, the scheduled and the
// worked hours side by side, and the days that contradict the uploaded schedule. Each day shows
// its codes with hours («Я 11 / С 2,75»), coloured by family with the code always written.
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HalfTotals, TimesheetDayView, TimesheetGridRow } from '../../../../core/contract/index.ts';
import { IconAlert } from '../../components/Icons.tsx';
import type { GridColumn } from '../../components/MonthGrid.tsx';
import { dayColumnHead, EmployeeLeadCell } from '../../components/monthGridParts.tsx';
import { formatHours } from '../../components/month.ts';
import { contradictionMark, entryText, familyOf } from './codes.ts';

type T = TFunction;

export function dayOf(row: TimesheetGridRow, index: number): TimesheetDayView | undefined {
  return row.days[index];
}

export function DayCodes({ day, locale }: { day: TimesheetDayView; locale: string }) {
  const shown = day.entries.slice(0, 2);
  const more = day.entries.length - shown.length;
  const h = (x: number) => formatHours(x, locale);
  return (
    <span className="ts-codes">
      {shown.map((e, i) => (
        <span key={i} className={`tc tc-${familyOf(e.code, e.known)}`} data-code={e.code}>
          {entryText(e, h)}
          {i === shown.length - 1 && more > 0 && <b className="tc-more">+{more}</b>}
        </span>
      ))}
      {day.contradiction && <span className="ts-mark" aria-hidden="true">{contradictionMark[day.contradiction.kind]}</span>}
    </span>
  );
}

/** What a day says, for a screen reader and the tooltip. */
export function daySentence(day: TimesheetDayView, t: T, locale: string): string {
  const h = (x: number) => formatHours(x, locale);
  const parts = [day.entries.length ? day.entries.map((e) => `${e.code}${e.hours > 0 ? ` ${h(e.hours)} ${t('timesheets.cell.h')}` : ''}${e.known ? '' : ` (${t('timesheets.cell.unknownCode')})`}`).join(', ') : t('timesheets.cell.empty')];
  if (day.scheduled) parts.push(t('timesheets.cell.scheduled', { hours: h(day.scheduled.paidHours) }));
  if (day.contradiction) parts.push(`${t(`timesheets.contradiction.${day.contradiction.kind}`)}: ${day.contradiction.message}`);
  return parts.join('; ');
}

function HalfCell({ v, locale }: { v: HalfTotals | null; locale: string }) {
  if (!v) return <span className="dim">—</span>;
  return (
    <span className="half">
      <span>{formatHours(v.days, locale)}</span>
      <b>{formatHours(v.hours, locale)}</b>
    </span>
  );
}

export function LeadCell({ row }: { row: TimesheetGridRow }) {
  const { t } = useTranslation();
  const e = row.employee;
  return (
    <EmployeeLeadCell employee={e} flag={{ count: row.contradictions, label: t('timesheets.grid.contradictionsLabel', { count: row.contradictions }) }}>
      {e.positionName && <span className="emp-area">{e.positionName}</span>}
      {row.fetchedAt === null && <Text span size="xs" c="dimmed" fs="italic">{t('timesheets.grid.notFetched')}</Text>}
    </EmployeeLeadCell>
  );
}

export const leadWidth = 250;
const dayWidth = 62;

export function useTimesheetColumns(days: ReadonlyArray<{ date: string }>, today: string): Array<GridColumn<TimesheetGridRow>> {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const h = (x: number | null) => (x === null ? '—' : formatHours(x, locale));
    const dayCol = (date: string, index: number): GridColumn<TimesheetGridRow> => {
      const { dateText, header, headerLabel, className } = dayColumnHead(date, today, locale, t('schedules.grid.today'));
      return {
        id: date,
        width: dayWidth,
        header,
        headerLabel,
        className: [className, index === 14 ? 'is-group-end' : ''].filter(Boolean).join(' ') || undefined,
        render: (row) => {
          const d = dayOf(row, index);
          return d && (d.entries.length > 0 || d.contradiction) ? <DayCodes day={d} locale={locale} /> : null;
        },
        cellClassName: (row) => {
          const d = dayOf(row, index);
          const cls = [];
          if (d?.contradiction) cls.push(`is-contra contra-${d.contradiction.kind}`);
          if (d?.scheduled) cls.push('is-scheduled');
          return cls.join(' ') || undefined;
        },
        cellLabel: (row) => {
          const d = dayOf(row, index);
          return d ? `${dateText}: ${daySentence(d, t, locale)}` : undefined;
        },
        cellTitle: (row) => {
          const d = dayOf(row, index);
          return d ? `${dateText}\n${daySentence(d, t, locale).split('; ').join('\n')}` : undefined;
        },
      };
    };
    const cols: Array<GridColumn<TimesheetGridRow>> = [];
    days.forEach((d, i) => {
      cols.push(dayCol(d.date, i));
      if (i === 14) {
        cols.push({
          id: 'half1', width: 58, className: 'total-col is-group-end', header: <span className="half-head">{t('timesheets.grid.col.half1')}<small>{t('timesheets.grid.col.daysHours')}</small></span>,
          headerLabel: t('timesheets.grid.col.half1Label'),
          render: (row) => <HalfCell v={row.half1} locale={locale} />,
          cellLabel: (row) => (row.half1 ? t('timesheets.grid.halfLabel', { days: h(row.half1.days), hours: h(row.half1.hours) }) : undefined),
        });
      }
    });
    cols.push(
      {
        id: 'half2', width: 58, className: 'total-col', header: <span className="half-head">{t('timesheets.grid.col.half2')}<small>{t('timesheets.grid.col.daysHours')}</small></span>,
        headerLabel: t('timesheets.grid.col.half2Label'),
        render: (row) => <HalfCell v={row.half2} locale={locale} />,
        cellLabel: (row) => (row.half2 ? t('timesheets.grid.halfLabel', { days: h(row.half2.days), hours: h(row.half2.hours) }) : undefined),
      },
      {
        id: 'month', width: 64, className: 'total-col is-group-end', header: <span className="half-head">{t('timesheets.grid.col.month')}<small>{t('timesheets.grid.col.daysHours')}</small></span>,
        headerLabel: t('timesheets.grid.col.monthLabel'),
        render: (row) => <HalfCell v={row.month} locale={locale} />,
        cellLabel: (row) => (row.month ? t('timesheets.grid.halfLabel', { days: h(row.month.days), hours: h(row.month.hours) }) : undefined),
      },
      {
        id: 'norm', width: 72, align: 'right', className: 'total-col cmp-col', header: t('timesheets.grid.col.norm'),
        render: (row) => <span className={row.norm.limitHours === null ? 'dim' : undefined}>{h(row.norm.limitHours)}</span>,
        cellTitle: (row) =>
          row.norm.hours === null
            ? t('schedules.grid.noNorm')
            : t('schedules.grid.normTitle', { hours: h(row.norm.hours), rate: h(row.norm.rate), limit: h(row.norm.limitHours), scheduled: h(row.norm.scheduledHours) }),
      },
      {
        id: 'scheduled', width: 72, align: 'right', className: 'total-col cmp-col', header: t('timesheets.grid.col.scheduled'),
        render: (row) =>
          row.scheduleBasis === 'none' ? <span className="dim">—</span> : (
            <span className={row.scheduleBasis === 'stored' ? 'dim' : undefined}>
              {h(row.scheduledHours)}
              {row.scheduleBasis === 'stored' && <sup>*</sup>}
            </span>
          ),
        cellTitle: (row) => t(`timesheets.grid.basis.${row.scheduleBasis}`),
      },
      {
        id: 'worked', width: 72, align: 'right', className: 'total-col cmp-col', header: t('timesheets.grid.col.worked'),
        render: (row) => <b className={row.fetchedAt === null ? 'dim' : undefined}>{row.fetchedAt === null ? '—' : h(row.workedHours)}</b>,
      },
      {
        id: 'contra', width: 92, align: 'right', className: 'total-col', header: t('timesheets.grid.col.contradictions'),
        render: (row) =>
          row.contradictions > 0 ? (
            <span className="contra-count"><IconAlert size={11} /> {row.contradictions}</span>
          ) : (
            <span className="dim">{row.scheduleBasis === 'uploaded' && row.fetchedAt ? '0' : '—'}</span>
          ),
        cellTitle: (row) => (row.scheduleBasis === 'uploaded' ? undefined : t('timesheets.grid.notCompared')),
      },
    );
    return cols;
  }, [days, today, t, locale]);
}
