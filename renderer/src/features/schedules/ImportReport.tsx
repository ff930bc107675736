// The checked report of an import: the outcome in a sentence, the numbers, counts per kind of
// problem, then every error with its line and reason (1C's people read the reason in their
// language, the gateway's own words beside it) and a link to the employee's row where they
// exist; warnings (over the norm × rate, an unknown site) apart from the errors.
import { Alert, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportIssue, ImportReport } from '../../../../core/contract/index.ts';
import { Fact } from '../../components/Fact.tsx';
import { formatNumber, formatPeriod } from '../../components/format.ts';
import { IconAlert, IconCheck, IconCheckDouble } from '../../components/Icons.tsx';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable.tsx';

/** Codes of problems where the employee named in the row is not (uniquely) in the directory. */
const NO_ROW = new Set(['unknown_employee', 'ambiguous_employee']);

export function rowLinkOf(issue: ImportIssue): { employeeId: string; date: string | null } | null {
  if (issue.employeeId === null || NO_ROW.has(issue.code)) return null;
  return { employeeId: issue.employeeId, date: issue.date };
}

/** A kind of problem in the operator's language; a code the engine added since (the contract allows it) as it came. */
export function issueName(t: (key: string, opts: { defaultValue: string }) => string, code: string): string {
  return t(`schedules.issue.${code}`, { defaultValue: code });
}

export function outcomeOf(r: ImportReport): { color: string; key: string } {
  if (r.dryRun) return { color: r.errors > 0 ? 'orange' : 'blue', key: r.errors > 0 ? 'dryRunErrors' : 'dryRunOk' };
  if (r.stored && r.errors > 0) return { color: 'yellow', key: 'storedPartial' };
  if (r.stored) return { color: 'green', key: 'stored' };
  if (r.rowsRead === 0 && r.errors === 0) return { color: 'gray', key: 'noRows' };
  return { color: 'red', key: 'notStored' };
}

interface IssueListProps {
  issues: ImportIssue[];
  label: string;
  onGoToRow(link: { employeeId: string; date: string | null }): void;
  testId: string;
}

function IssueList({ issues, label, onGoToRow, testId }: IssueListProps) {
  const { t } = useTranslation();
  const [active, setActive] = useState(0);
  const columns = useMemo<Array<VirtualColumn<ImportIssue>>>(
    () => [
      { id: 'line', header: t('schedules.report.col.line'), width: '64px', align: 'right', render: (i) => <span className="tnum">{i.line ?? t('schedules.report.wholeFile')}</span> },
      { id: 'field', header: t('schedules.report.col.field'), width: '96px', render: (i) => <span className="mono">{i.field ?? ''}</span> },
      {
        id: 'reason',
        header: t('schedules.report.col.reason'),
        width: 'minmax(260px, 1fr)',
        render: (i) => (
          <div className="issue-reason" title={i.message}>
            <b>{issueName(t, i.code)}</b>
            {i.relatedLine !== null && <span> ({t('schedules.report.relatedLine', { line: i.relatedLine })})</span>}
            <span className="dim"> — {i.message}</span>
          </div>
        ),
      },
      {
        id: 'row',
        header: t('schedules.report.col.row'),
        width: '112px',
        render: (i) => {
          const link = rowLinkOf(i);
          return link ? (
            <Anchor component="button" type="button" size="xs" onClick={() => onGoToRow(link)} aria-label={t('schedules.report.goToRowOf', { line: i.line ?? '' })}>
              {t('schedules.report.goToRow')}
            </Anchor>
          ) : null;
        },
      },
    ],
    [t, onGoToRow],
  );
  const rowHeight = 44;
  return (
    <VirtualTable<ImportIssue>
      label={label}
      rowCount={issues.length}
      getRow={(i) => issues[i]}
      columns={columns}
      rowHeight={rowHeight}
      height={Math.min(8, issues.length + 1) * rowHeight + 2}
      activeIndex={Math.min(active, issues.length - 1)}
      onActiveIndexChange={setActive}
      onOpen={(i) => {
        const link = rowLinkOf(i);
        if (link) onGoToRow(link);
      }}
      scrollTestId={testId}
    />
  );
}

export function ImportReportView({ report, onGoToRow }: { report: ImportReport; onGoToRow(link: { employeeId: string; date: string | null }): void }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const errors = useMemo(() => report.issues.filter((i) => i.severity === 'error'), [report]);
  const warnings = useMemo(() => report.issues.filter((i) => i.severity === 'warning'), [report]);
  const o = outcomeOf(report);
  const params = {
    read: n(report.rowsRead), valid: n(report.rowsValid), stored: n(report.rowsStored), rejected: n(report.rowsRejected), errors: n(report.errors),
    employees: n(report.employees), replaced: n(report.shiftsReplaced), period: report.period ? formatPeriod(report.period.from, report.period.to, i18n.language) : '—',
    count: report.errors,
  };
  return (
    <Stack gap="sm" data-testid="import-report">
      <Alert
        color={o.color}
        variant="light"
        icon={report.stored ? <IconCheckDouble size={16} /> : report.errors > 0 ? <IconAlert size={16} /> : <IconCheck size={16} />}
        title={t(`schedules.report.outcome.${o.key}.title`, params)}
        role={report.errors > 0 ? 'alert' : 'status'}
      >
        <Text size="sm">{t(`schedules.report.outcome.${o.key}.body`, params)}</Text>
      </Alert>
      <Group gap="xl" wrap="wrap" align="flex-start">
        <Fact label={t('schedules.report.file')}><Text size="sm" maw={320} truncate title={report.source}>{report.source} <Text span size="xs" c="dimmed">{report.format.toUpperCase()}</Text></Text></Fact>
        <Fact label={t('schedules.report.rowsRead')}><Text size="sm" className="tnum">{n(report.rowsRead)}</Text></Fact>
        <Fact label={t('schedules.report.rowsValid')}><Text size="sm" className="tnum">{n(report.rowsValid)}</Text></Fact>
        <Fact label={t('schedules.report.rowsStored')}><Text size="sm" className="tnum">{n(report.rowsStored)}</Text></Fact>
        <Fact label={t('schedules.report.employees')}><Text size="sm" className="tnum">{n(report.employees)}</Text></Fact>
        <Fact label={t('schedules.report.period')}><Text size="sm" className="tnum nowrap">{params.period}</Text></Fact>
      </Group>
      {report.issueCounts.length > 0 && (
        <Group gap={6} aria-label={t('schedules.report.countsLabel')} role="list">
          {report.issueCounts.map((c) => (
            <Badge key={`${c.severity}:${c.code}`} role="listitem" variant="light" color={c.severity === 'error' ? 'red' : 'yellow'} tt="none" size="md" className="tnum" leftSection={<IconAlert size={11} />}>
              {issueName(t, c.code)}: {n(c.count)}
            </Badge>
          ))}
        </Group>
      )}
      {errors.length > 0 && (
        <div>
          <Title order={3} size="h6" mb={4} c="red.8">{t('schedules.report.errorsTitle', { count: report.errors, n: n(report.errors) })}</Title>
          <IssueList issues={errors} label={t('schedules.report.errorsLabel')} onGoToRow={onGoToRow} testId="import-errors" />
        </div>
      )}
      {warnings.length > 0 && (
        <div>
          <Title order={3} size="h6" mb={4} c="yellow.9">{t('schedules.report.warningsTitle', { count: report.warnings, n: n(report.warnings) })}</Title>
          <Text size="xs" c="dimmed" mb={4}>{t('schedules.report.warningsHint')}</Text>
          <IssueList issues={warnings} label={t('schedules.report.warningsLabel')} onGoToRow={onGoToRow} testId="import-warnings" />
        </div>
      )}
      {report.issuesTruncated && (
        <Text size="xs" c="dimmed">{t('schedules.report.truncated', { shown: n(report.issues.length), total: n(report.errors + report.warnings) })}</Text>
      )}
    </Stack>
  );
}
