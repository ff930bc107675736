// Calls, errors and p95 latency per minute over the last hour for one system, with the
// hour's totals printed beside. No calls yet: a sentence saying where they come from.
import { Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CallSeries } from '../../../../core/contract/index.ts';
import { formatNumber, zoneAbbreviation } from '../../components/format.ts';
import { EmptyView } from '../../components/ViewStates.tsx';
import { usePrefs } from '../../app/prefs.ts';

interface Row {
  label: string;
  calls: number;
  errors: number;
  p95: number | null;
}

const CHART_HEIGHT = 140;

function minuteFormatter(zone: string): (iso: string) => string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (iso) => f.format(new Date(iso));
}

function MiniChart({ title, rows, dataKey, color, kind, unit }: { title: string; rows: Row[]; dataKey: keyof Row; color: string; kind: 'bar' | 'line'; unit?: string }) {
  const axis = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
      <XAxis dataKey="label" interval={14} tick={{ fontSize: 11 }} tickLine={false} />
      <YAxis allowDecimals={false} tickCount={3} width={40} tick={{ fontSize: 11 }} tickLine={false} axisLine={false} />
      <Tooltip formatter={(v) => [`${String(v)}${unit ? ` ${unit}` : ''}`, title]} isAnimationActive={false} />
    </>
  );
  return (
    <Paper withBorder p="xs" radius="sm" role="figure" aria-label={title}>
      <Text size="sm" fw={500} mb={4}>{title}</Text>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT} initialDimension={{ width: 320, height: CHART_HEIGHT }}>
        {kind === 'bar' ? (
          <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            {axis}
            <Bar dataKey={dataKey} fill={color} minPointSize={0} maxBarSize={12} isAnimationActive={false} />
          </BarChart>
        ) : (
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            {axis}
            <Line dataKey={dataKey} stroke={color} dot={{ r: 2.5, fill: color }} connectNulls={false} strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        )}
      </ResponsiveContainer>
    </Paper>
  );
}

export function CallCharts({ series, system }: { series: CallSeries | undefined; system: string }) {
  const { t, i18n } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const rows = series ? rowsOf(series, minuteFormatter(zone)) : [];
  const name = t(`health.check.${system}`, { defaultValue: system });
  const title = t('health.calls.title', { system: name });
  const minutes = series?.windowMinutes ?? 60;
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Group justify="space-between" align="baseline" mb="xs" gap="xs">
        <Title order={3} size="h5">{title}</Title>
        <Text size="xs" c="dimmed">{t('health.calls.window', { minutes, zone: zoneAbbreviation(zone) })}</Text>
      </Group>
      {!series || series.calls === 0 ? (
        <EmptyView>{t('health.calls.empty', { system: name, minutes })}</EmptyView>
      ) : (
        <>
          <Text size="sm" mb="sm" className="tnum" aria-label={t('health.calls.totalsLabel')}>
            {t('health.calls.totals', {
              minutes,
              calls: n(series.calls),
              errors: n(series.errors),
              p95: series.p95Ms === null ? t('common.none') : n(Math.round(series.p95Ms)),
            })}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
            <MiniChart
              title={t('health.calls.perMinute')}
              rows={rows}
              dataKey="calls"
              color="var(--mantine-color-blue-6)"
              kind="bar"
            />
            <MiniChart
              title={t('health.calls.errorsPerMinute')}
              rows={rows}
              dataKey="errors"
              color="var(--mantine-color-red-6)"
              kind="bar"
            />
            <MiniChart title={t('health.calls.p95')} rows={rows} dataKey="p95" color="var(--mantine-color-grape-6)" kind="line" unit="ms" />
          </SimpleGrid>
        </>
      )}
    </Paper>
  );
}

function rowsOf(series: CallSeries, label: (iso: string) => string): Row[] {
  return series.points.map((p) => ({ label: label(p.at), calls: p.calls, errors: p.errors, p95: p.p95Ms === null ? null : Math.round(p.p95Ms) }));
}
