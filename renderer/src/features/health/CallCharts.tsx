// Calls to one external system over the last hour (per minute), day (per 15 minutes) or week
// (per hour), from the gateway's stored call history (health.calls): calls, errors and latency
// (avg, p95, p99) per step, the span's totals, and the figures per method. The x axis names
// minutes for an hour, hours for a day, days for a week, in the display zone.
import { Group, Paper, SegmentedControl, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CallHistory, CallRange } from '../../../../core/contract/index.ts';
import { useContractQuery } from '../../client/index.ts';
import { formatNumber, partsFormatter, zoneAbbreviation } from '../../components/format.ts';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { usePrefs } from '../../app/prefs.ts';

const RANGES: CallRange[] = ['hour', 'day', 'week'];

export interface Row {
  at: string;
  /** Axis text where a minute, hour or day begins (by range), else empty. */
  tick: string;
  /** Tooltip title: the step's start in the display zone. */
  label: string;
  calls: number;
  errors: number;
  avg: number | null;
  p95: number | null;
  p99: number | null;
}

const CHART_HEIGHT = 140;

interface LocalParts {
  day: string;
  month: string;
  hour: number;
  minute: number;
}

function localParts(zone: string, iso: string): LocalParts {
  const p = Object.fromEntries(partsFormatter(zone).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { day: p.day!, month: p.month!, hour: Number(p.hour) % 24, minute: Number(p.minute) };
}

const hhmm = (p: LocalParts) => `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;

/**
 * Rows with their axis ticks: every 15 minutes for an hour, every 3 hours for a day, each
 * midnight for a week, found where the local clock crosses them (zones with half-hour
 * offsets included), so ticks sit on round local times whatever the first point is.
 */
export function rowsOf(h: CallHistory, zone: string): Row[] {
  let prev: LocalParts | null = null;
  return h.points.map((p) => {
    const l = localParts(zone, p.at);
    let tick = '';
    if (h.range === 'hour') tick = l.minute % 15 === 0 ? hhmm(l) : '';
    else if (h.range === 'day') tick = prev !== null && Math.floor(l.hour / 3) !== Math.floor(prev.hour / 3) ? `${String(l.hour - (l.hour % 3)).padStart(2, '0')}:00` : '';
    else tick = prev !== null && l.day !== prev.day ? `${l.day}.${l.month}` : '';
    prev = l;
    const label = h.range === 'hour' ? hhmm(l) : `${l.day}.${l.month} ${hhmm(l)}`;
    const ms = (v: number | null) => (v === null ? null : Math.round(v));
    return { at: p.at, tick, label, calls: p.calls, errors: p.errors, avg: ms(p.avgMs), p95: ms(p.p95Ms), p99: ms(p.p99Ms) };
  });
}

function Frame({ title, children }: { title: string; children: ReactElement }) {
  return (
    <Paper withBorder p="xs" radius="sm" role="figure" aria-label={title}>
      <Text size="sm" fw={500} mb={4}>{title}</Text>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT} initialDimension={{ width: 320, height: CHART_HEIGHT }}>
        {children}
      </ResponsiveContainer>
    </Paper>
  );
}

/** Grid and axes; every step has a tick so that round local times can be labelled, the others stay blank. */
function axes(tickOf: (index: number) => string) {
  return [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />,
    <XAxis key="x" dataKey="at" interval={0} tickFormatter={(_v: string, i: number) => tickOf(i)} tick={{ fontSize: 11 }} tickLine={false} minTickGap={0} />,
    <YAxis key="y" allowDecimals={false} tickCount={3} width={44} tick={{ fontSize: 11 }} tickLine={false} axisLine={false} />,
  ];
}

function Charts({ rows, range }: { rows: Row[]; range: CallRange }) {
  const { t } = useTranslation();
  const tickAt = (i: number) => rows[i]?.tick ?? '';
  const tooltipLabel = (at: unknown) => rows.find((r) => r.at === at)?.label ?? String(at);
  const counts = (key: 'calls' | 'errors', title: string, color: string) => (
    <Frame title={title}>
      <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={range === 'hour' ? '20%' : 0}>
        {axes(tickAt)}
        <Tooltip labelFormatter={tooltipLabel} formatter={(v) => [String(v), title]} isAnimationActive={false} />
        <Bar dataKey={key} fill={color} maxBarSize={12} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
  const latency = t('health.calls.latency');
  const lines: Array<{ key: 'avg' | 'p95' | 'p99'; color: string }> = [
    { key: 'avg', color: 'var(--mantine-color-teal-6)' },
    { key: 'p95', color: 'var(--mantine-color-grape-6)' },
    { key: 'p99', color: 'var(--mantine-color-orange-6)' },
  ];
  // Dots on every point where steps are few; for a day or a week (a smear of dots) only on a
  // point with no neighbour, which no line segment would show.
  const lone = (key: 'avg' | 'p95' | 'p99', i: number) => rows[i]?.[key] != null && rows[i - 1]?.[key] == null && rows[i + 1]?.[key] == null;
  const dot = (key: 'avg' | 'p95' | 'p99', color: string) =>
    range === 'hour'
      ? { r: 2 }
      : (p: { index?: number; cx?: number; cy?: number }) =>
          p.index !== undefined && lone(key, p.index) ? <circle key={`${key}-${p.index}`} cx={p.cx} cy={p.cy} r={2} fill={color} /> : <g key={`${key}-${p.index}`} />;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
      {counts('calls', t(`health.calls.perStep.${range}`), 'var(--mantine-color-blue-6)')}
      {counts('errors', t(`health.calls.errorsPerStep.${range}`), 'var(--mantine-color-red-6)')}
      <Frame title={latency}>
        <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          {axes(tickAt)}
          <Tooltip labelFormatter={tooltipLabel} formatter={(v, name) => [t('common.milliseconds', { ms: String(v) }), String(name)]} isAnimationActive={false} />
          <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
          {lines.map((l) => (
            <Line key={l.key} name={t(`health.calls.${l.key}`)} dataKey={l.key} stroke={l.color} dot={dot(l.key, l.color)} connectNulls={false} strokeWidth={l.key === 'p95' ? 2 : 1.5} isAnimationActive={false} />
          ))}
        </LineChart>
      </Frame>
    </SimpleGrid>
  );
}

function MethodsTable({ history }: { history: CallHistory }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const ms = (v: number | null) => (v === null ? t('common.none') : n(Math.round(v)));
  return (
    <Table striped aria-label={t('health.calls.methods')} mt="sm" verticalSpacing={4} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('health.calls.method')}</Table.Th>
          <Table.Th className="num-cell">{t('health.calls.callsCol')}</Table.Th>
          <Table.Th className="num-cell">{t('health.calls.errorsCol')}</Table.Th>
          <Table.Th className="num-cell">{t('health.calls.avgCol')}</Table.Th>
          <Table.Th className="num-cell">{t('health.calls.p95Col')}</Table.Th>
          <Table.Th className="num-cell">{t('health.calls.p99Col')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.methods.map((m) => (
          <Table.Tr key={m.method}>
            <Table.Td className="mono">{m.method}</Table.Td>
            <Table.Td className="num-cell">{n(m.calls)}</Table.Td>
            <Table.Td className="num-cell">{n(m.errors)}</Table.Td>
            <Table.Td className="num-cell">{ms(m.avgMs)}</Table.Td>
            <Table.Td className="num-cell">{ms(m.p95Ms)}</Table.Td>
            <Table.Td className="num-cell">{ms(m.p99Ms)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function CallCharts({ system }: { system: string }) {
  const { t, i18n } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const [range, setRange] = useState<CallRange>('hour');
  // The previous range stays on screen while the next one loads: the panel does not jump.
  const q = useContractQuery('health.calls', { range, system }, { refetchInterval: 15_000, placeholderData: keepPreviousData });
  const name = t(`health.check.${system}`, { defaultValue: system });
  const title = t('health.calls.title', { system: name });
  const n = (v: number) => formatNumber(v, i18n.language);
  const ms = (v: number | null) => (v === null ? t('common.none') : n(Math.round(v)));
  const h = q.data;
  const shown = h?.range ?? range;
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Group justify="space-between" align="center" mb="xs" gap="xs">
        <Group gap="sm" align="baseline">
          <Title order={3} size="h5">{title}</Title>
          <Text size="xs" c="dimmed">{t(`health.calls.window.${shown}`, { zone: zoneAbbreviation(zone) })}</Text>
        </Group>
        <SegmentedControl
          size="xs"
          aria-label={t('health.calls.range')}
          value={range}
          onChange={(v) => setRange(v as CallRange)}
          data={RANGES.map((r) => ({ value: r, label: t(`health.calls.ranges.${r}`) }))}
        />
      </Group>
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorView error={q.error} onRetry={() => void q.refetch()} />
      ) : h!.totals.calls === 0 ? (
        <EmptyView>{t('health.calls.empty', { system: name, span: t(`health.calls.span.${shown}`) })}</EmptyView>
      ) : (
        <>
          <Text size="sm" mb="sm" className="tnum" aria-label={t(`health.calls.totalsLabel.${shown}`)}>
            {t('health.calls.totals', {
              span: t(`health.calls.spanShort.${shown}`),
              calls: n(h!.totals.calls),
              errors: n(h!.totals.errors),
              avg: ms(h!.totals.avgMs),
              p95: ms(h!.totals.p95Ms),
              p99: ms(h!.totals.p99Ms),
            })}
          </Text>
          <Charts rows={rowsOf(h!, zone)} range={shown} />
          <MethodsTable history={h!} />
          <Text size="xs" c="dimmed" mt={4}>{t('health.calls.kept', { days: h!.retentionDays })}</Text>
        </>
      )}
    </Paper>
  );
}
