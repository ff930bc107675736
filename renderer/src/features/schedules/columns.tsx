// The schedule grid's columns: the employee (sticky), a column per day with each shift as a bar
// of its day and night hours (the hours written on it, night marked ☾: colour is never alone),
// then the month's shifts, paid and night hours, the 1C norm × rate, and the month's state in 1C.
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ScheduleGridRow, ShiftView } from '../../../../core/contract/index.ts';
import { IconAlert } from '../../components/Icons.tsx';
import type { GridColumn } from '../../components/MonthGrid.tsx';
import { dayColumnHead, EmployeeLeadCell } from '../../components/monthGridParts.tsx';
import { compactTimeRange, formatHours, msToHours } from '../../components/month.ts';
import { UploadStateBadge } from './uploadStates.tsx';

type T = TFunction;

const byDateCache = new WeakMap<ScheduleGridRow, Map<string, ShiftView[]>>();

/** The row's shifts by the local date they start on. */
export function shiftsByDate(row: ScheduleGridRow): Map<string, ShiftView[]> {
  let m = byDateCache.get(row);
  if (!m) {
    m = new Map();
    for (const s of row.shifts) {
      const l = m.get(s.date);
      if (l) l.push(s);
      else m.set(s.date, [s]);
    }
    byDateCache.set(row, m);
  }
  return m;
}

export function outsideEmployment(row: Pick<ScheduleGridRow, 'employee'>, date: string): boolean {
  return date < row.employee.hireDate || (row.employee.terminationDate !== null && date > row.employee.terminationDate);
}

/** "09:00–18:00 (+1 day), break 60 min from 13:00: 8 h day, 0 h night". */
export function shiftSentence(s: ShiftView, t: T, locale: string): string {
  const time = `${s.startLocal}–${s.endLocal}${s.endsNextDay ? ` ${t('schedules.cell.nextDay')}` : ''}`;
  const brk = s.breakMinutes > 0 ? `, ${t('schedules.cell.break', { minutes: s.breakMinutes, start: s.breakStartLocal ?? '' })}` : '';
  const hours = t('schedules.cell.hours', { day: formatHours(msToHours(s.dayMs), locale), night: formatHours(msToHours(s.nightMs), locale) });
  return `${time}${brk}: ${hours}${s.type ? ` · ${s.type}` : ''}${s.location ? ` · ${s.location}` : ''}`;
}

/** A shift as a bar: day and night parts in proportion, the hours written on it. */
export function ShiftBar({ shift, more, locale }: { shift: ShiftView; more: number; locale: string }) {
  const day = msToHours(shift.dayMs);
  const night = msToHours(shift.nightMs);
  return (
    <span className="shift">
      <span className="shift-time">
        {compactTimeRange(shift.startLocal, shift.endLocal)}
        {more > 0 && <b className="shift-more">+{more}</b>}
      </span>
      <span className={`shift-bar${night > 0 && day === 0 ? ' is-night' : ''}`}>
        <span className="seg-day" style={{ flexGrow: day }} />
        <span className="seg-night" style={{ flexGrow: night }} />
        <span className="shift-hours">
          {day > 0 && formatHours(day, locale)}
          {day > 0 && night > 0 && ' '}
          {night > 0 && <>☾{formatHours(night, locale)}</>}
        </span>
      </span>
    </span>
  );
}

export function LeadCell({ row }: { row: ScheduleGridRow }) {
  const { t } = useTranslation();
  const e = row.employee;
  return (
    <EmployeeLeadCell employee={e} flag={{ count: row.errors, label: t('schedules.grid.errorsLabel', { count: row.errors }) }}>
      {e.area && <span className="emp-area">{e.area}</span>}
      {!e.active && <Text span size="xs" c="red.8" fw={600}>{t('schedules.grid.inactive')}</Text>}
    </EmployeeLeadCell>
  );
}

export const leadWidth = 260;
const dayWidth = 56;

export function useScheduleColumns(days: readonly string[], today: string): Array<GridColumn<ScheduleGridRow>> {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const dayCols: Array<GridColumn<ScheduleGridRow>> = days.map((date) => {
      const { dateText, header, headerLabel, className } = dayColumnHead(date, today, locale, t('schedules.grid.today'));
      return {
        id: date,
        width: dayWidth,
        header,
        headerLabel,
        className,
        render: (row) => {
          const list = shiftsByDate(row).get(date);
          if (!list) return null;
          return <ShiftBar shift={list[0]!} more={list.length - 1} locale={locale} />;
        },
        cellClassName: (row) => (outsideEmployment(row, date) ? 'is-outside' : undefined),
        cellLabel: (row) => {
          const list = shiftsByDate(row).get(date);
          if (!list) return `${dateText}: ${outsideEmployment(row, date) ? t('schedules.cell.outside') : t('schedules.cell.noShift')}`;
          return `${dateText}: ${list.map((s) => shiftSentence(s, t, locale)).join('; ')}`;
        },
        cellTitle: (row) => {
          const list = shiftsByDate(row).get(date);
          if (!list) return outsideEmployment(row, date) ? t('schedules.cell.outside') : undefined;
          return `${dateText} (${row.employee.zone})\n${list.map((s) => shiftSentence(s, t, locale)).join('\n')}`;
        },
      };
    });
    const h = (ms: number) => formatHours(msToHours(ms), locale);
    const totals: Array<GridColumn<ScheduleGridRow>> = [
      {
        id: 'shifts', width: 56, align: 'right', className: 'total-col',
        header: t('schedules.grid.col.shifts'),
        render: (row) => <span className={row.totals.shifts === 0 ? 'dim' : undefined}>{row.totals.shifts}</span>,
      },
      {
        id: 'paid', width: 64, align: 'right', className: 'total-col',
        header: t('schedules.grid.col.paid'),
        render: (row) => <b>{h(row.totals.paidMs)}</b>,
        cellTitle: (row) => t('schedules.cell.totals', { paid: h(row.totals.paidMs), day: h(row.totals.dayMs), night: h(row.totals.nightMs) }),
      },
      {
        id: 'night', width: 60, align: 'right', className: 'total-col',
        header: <>☾ {t('schedules.grid.col.night')}</>,
        headerLabel: t('schedules.grid.col.nightLabel'),
        render: (row) => <span className={row.totals.nightMs === 0 ? 'dim' : undefined}>{h(row.totals.nightMs)}</span>,
      },
      {
        id: 'norm', width: 96, align: 'right', className: 'total-col',
        header: t('schedules.grid.col.norm'),
        render: (row) => {
          const n = row.norm;
          if (n.limitHours === null) return <span className="dim" title={t('schedules.grid.noNorm')}>{t('common.none')}</span>;
          return (
            <span className={n.over ? 'norm-over' : undefined}>
              {n.over && <IconAlert size={11} />} {formatHours(n.limitHours, locale)}
              {n.over && <span className="visually-hidden"> {t('schedules.grid.overNorm')}</span>}
            </span>
          );
        },
        cellTitle: (row) => {
          const n = row.norm;
          if (n.hours === null) return t('schedules.grid.noNorm');
          return t('schedules.grid.normTitle', { hours: formatHours(n.hours, locale), rate: formatHours(n.rate, locale), limit: formatHours(n.limitHours ?? 0, locale), scheduled: formatHours(n.scheduledHours, locale) }) + (n.over ? ` — ${t('schedules.grid.overNorm')}` : '');
        },
      },
      {
        id: 'upload', width: 150, align: 'left', className: 'total-col',
        header: t('schedules.grid.col.upload'),
        render: (row) => <UploadStateBadge state={row.upload.state} size="xs" changed={row.upload.changedSinceSent} />,
        cellTitle: (row) => row.upload.message ?? undefined,
      },
    ];
    return [...dayCols, ...totals];
  }, [days, today, t, locale]);
}
