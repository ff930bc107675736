// The month of a month screen: previous, the month itself (its name in the operator's language;
// a click opens the browser's month picker), next, and a way back to the current month. The
// month lives in the URL, so the caller navigates.
import { ActionIcon, Button, Group, Tooltip, UnstyledButton } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCalendar, IconChevronLeft, IconChevronRight } from './Icons.tsx';
import { addMonths, isMonth, monthLabel, monthTitle } from './month.ts';
import './MonthGrid.css';

export function MonthSwitcher({ month, current, onChange }: { month: string; current: string; onChange(month: string): void }) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const prev = addMonths(month, -1);
  const next = addMonths(month, 1);
  return (
    <Group gap={4} wrap="nowrap" role="group" aria-label={t('exchange.month.label')}>
      <Tooltip label={monthTitle(prev, i18n.language)} openDelay={300}>
        <ActionIcon variant="default" size={30} onClick={() => onChange(prev)} aria-label={t('exchange.month.previous', { month: monthLabel(prev, i18n.language) })}>
          <IconChevronLeft size={16} />
        </ActionIcon>
      </Tooltip>
      {/* The native picker, for the keyboard and screen readers; the button beside it shows its value. */}
      <input
        ref={input}
        type="month"
        className="visually-hidden month-input"
        aria-label={t('exchange.month.field')}
        value={month}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isMonth(v)) onChange(v);
        }}
      />
      <UnstyledButton
        className="month-button"
        onClick={() => {
          try {
            input.current?.showPicker();
          } catch {
            input.current?.focus();
          }
        }}
        aria-hidden="true"
        tabIndex={-1}
      >
        <IconCalendar size={15} />
        <span data-testid="month-title">{monthTitle(month, i18n.language)}</span>
      </UnstyledButton>
      <Tooltip label={monthTitle(next, i18n.language)} openDelay={300}>
        <ActionIcon variant="default" size={30} onClick={() => onChange(next)} aria-label={t('exchange.month.next', { month: monthLabel(next, i18n.language) })}>
          <IconChevronRight size={16} />
        </ActionIcon>
      </Tooltip>
      {month !== current && (
        <Button variant="subtle" size="xs" onClick={() => onChange(current)}>{t('exchange.month.current')}</Button>
      )}
    </Group>
  );
}
