// What the month grids (schedules, the T-13) share: the day column's head and the employee's
// cell. A flagged count (errors in shifts, contradictions) is read out as its sentence by a
// screen reader (visually hidden text, not an aria-label on a plain span, which readers skip).
import { VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import type { GridEmployee } from '../../../core/contract/index.ts';
import { formatCivilDate } from './format.ts';
import { IconAlert } from './Icons.tsx';
import type { GridColumn } from './MonthGrid.tsx';
import { isWeekend, weekdayShort } from './month.ts';

/** A day column's header, its spoken label and its classes (weekend, today). */
export function dayColumnHead(date: string, today: string, locale: string, todayWord: string): Pick<GridColumn<unknown>, 'header' | 'headerLabel' | 'className'> & { dateText: string } {
  const isToday = date === today;
  const wd = weekdayShort(date, locale);
  const dateText = formatCivilDate(date, locale);
  return {
    dateText,
    header: (
      <span className="day-head">
        <span className="day-num">{Number(date.slice(8))}</span>
        <span className="day-wd">{isToday ? todayWord : wd}</span>
      </span>
    ),
    headerLabel: `${dateText}, ${wd}${isToday ? `, ${todayWord}` : ''}`,
    className: `${isWeekend(date) ? 'is-weekend' : ''}${isToday ? ' is-today' : ''}`.trim() || undefined,
  };
}

/** The employee's (sticky) cell: name, tab number, what the grid adds, and a flagged count. */
export function EmployeeLeadCell({ employee: e, children, flag }: { employee: GridEmployee; children?: ReactNode; flag?: { count: number; label: string } }) {
  return (
    <div className="emp-cell">
      <span className="emp-name" title={[e.fullName, e.positionName, e.departmentName].filter(Boolean).join(' · ')}>{e.fullName}</span>
      <span className="emp-sub">
        <span className="mono">{e.tabN}</span>
        {children}
        {flag && flag.count > 0 && (
          <span className="emp-errors" title={flag.label}>
            <IconAlert size={11} aria-hidden /> <span aria-hidden>{flag.count}</span>
            <VisuallyHidden>{flag.label}</VisuallyHidden>
          </span>
        )}
      </span>
    </div>
  );
}
