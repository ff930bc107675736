// The personnel sync schedule: frequency, week of the month, weekday, time and zone (five
// presets or any IANA zone), with the next five run times in that zone — of the saved
// settings, or of the edit in progress (schedule.preview) — saved through schedule.set.
import { Alert, Button, Group, List, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scheduleZonePresets, type ScheduleInfo, type ScheduleSettings } from '../../../../core/contract/index.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { zoneLabel } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { draftOf, fieldsFor, OTHER_ZONE, sameSettings, scheduleProblems, settingsOf, zoneKeys, type ScheduleDraft } from './scheduleDraft.ts';

export function ScheduleSection() {
  const q = useContractQuery('schedule.get', {});
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  return <ScheduleEditor info={q.data} />;
}

const weekOfMonthValues = ['1', '2', '3', '4', 'last'] as const;

export function ScheduleEditor({ info }: { info: ScheduleInfo }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(info.settings));
  // A save (here or elsewhere) brings new saved settings: start from them when nothing is being edited.
  const savedKey = JSON.stringify(info.settings);
  const [base, setBase] = useState(savedKey);
  useEffect(() => {
    if (savedKey === base) return;
    setBase(savedKey);
    setDraft(draftOf(info.settings));
  }, [savedKey, base, info.settings]);

  const current = settingsOf(draft);
  const problems = scheduleProblems(draft);
  const valid = Object.keys(problems).length === 0;
  const dirty = !sameSettings(current, info.settings);
  // Debounced by value (a fresh object every render would never settle).
  const [previewKey] = useDebouncedValue(JSON.stringify(current), 200);
  const previewSettings = useMemo(() => JSON.parse(previewKey) as ScheduleSettings, [previewKey]);
  const previewValid = Object.keys(scheduleProblems(draftOf(previewSettings))).length === 0;
  const preview = useContractQuery('schedule.preview', { settings: previewSettings }, { enabled: dirty && previewValid });
  const save = useContractMutation('schedule.set', {
    onSuccess: () => notifications.show({ color: 'green', message: t('settings.schedule.saved') }),
  });

  const set = (patch: Partial<ScheduleSettings>) => setDraft((d) => ({ ...d, settings: { ...d.settings, ...patch } }));
  const show = fieldsFor(current.frequency);
  const runs = dirty ? (valid && sameSettings(previewSettings, current) ? preview.data?.nextRuns : undefined) : info.nextRuns;
  const runsZone = valid ? current.zone : info.zone;

  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="schedule-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h5" id="schedule-title">{t('settings.schedule.title')}</Title>
          <Text size="sm" c="dimmed" maw={820}>{t('settings.schedule.description')}</Text>
        </div>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (valid && dirty) save.mutate({ settings: current });
            }}
            aria-label={t('settings.schedule.title')}
          >
            <Stack gap="sm">
              <Switch label={t('settings.schedule.enabled')} checked={current.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
              <div>
                <Text size="xs" fw={500} mb={4} id="frequency-label">{t('settings.schedule.frequency')}</Text>
                <SegmentedControl
                  aria-labelledby="frequency-label"
                  value={current.frequency}
                  onChange={(v) => set({ frequency: v as ScheduleSettings['frequency'] })}
                  data={(['daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`settings.schedule.frequencyOption.${f}`) }))}
                  disabled={!current.enabled}
                />
              </div>
              <Group grow align="flex-start">
                {show.weekOfMonth && (
                  <NativeSelect
                    label={t('settings.schedule.weekOfMonth')}
                    value={String(current.weekOfMonth)}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      set({ weekOfMonth: v === 'last' ? 'last' : (Number(v) as 1 | 2 | 3 | 4) });
                    }}
                    data={weekOfMonthValues.map((w) => ({ value: w, label: t(`settings.schedule.weekOfMonthOption.${w}`) }))}
                    disabled={!current.enabled}
                  />
                )}
                {show.weekday && (
                  <NativeSelect
                    label={t('settings.schedule.weekday')}
                    value={String(current.weekday)}
                    onChange={(e) => set({ weekday: Number(e.currentTarget.value) })}
                    data={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t(`settings.schedule.weekdayOption.${d}`) }))}
                    disabled={!current.enabled}
                  />
                )}
                <TextInput
                  label={t('settings.schedule.time')}
                  placeholder="01:30"
                  maxLength={5}
                  inputMode="numeric"
                  styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
                  value={current.time}
                  onChange={(e) => set({ time: e.currentTarget.value })}
                  error={problems.time ? t('settings.schedule.problem.time') : undefined}
                  disabled={!current.enabled}
                />
              </Group>
              <Group grow align="flex-start">
                <NativeSelect
                  label={t('settings.schedule.zone')}
                  value={draft.zoneChoice}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setDraft((d) => ({ ...d, zoneChoice: v, otherZone: v === OTHER_ZONE && !d.otherZone ? d.settings.zone : d.otherZone }));
                  }}
                  data={[
                    ...scheduleZonePresets.map((z) => ({ value: z, label: `${t(`settings.schedule.zoneName.${zoneKeys[z]}`)} — ${zoneLabel(z)}` })),
                    { value: OTHER_ZONE, label: t('settings.schedule.zoneName.other') },
                  ]}
                  disabled={!current.enabled}
                />
                {draft.zoneChoice === OTHER_ZONE && (
                  <TextInput
                    label={t('settings.schedule.otherZone')}
                    description={t('settings.schedule.otherZoneHint')}
                    value={draft.otherZone}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setDraft((d) => ({ ...d, otherZone: v }));
                    }}
                    error={problems.zone ? t('settings.schedule.problem.zone') : undefined}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    disabled={!current.enabled}
                  />
                )}
              </Group>
              {save.isError && (
                <Alert color="red" variant="light" role="alert">
                  <GatewayErrorText error={save.error} />
                </Alert>
              )}
              <Group gap="xs">
                <Button type="submit" disabled={!valid || !dirty} loading={save.isPending}>{t('settings.schedule.save')}</Button>
                <Button variant="default" disabled={!dirty} onClick={() => setDraft(draftOf(info.settings))}>{t('settings.schedule.reset')}</Button>
                {dirty && <Text size="xs" c="yellow.8">{t('settings.schedule.unsaved')}</Text>}
              </Group>
            </Stack>
          </form>
          <NextRuns runs={runs} zone={runsZone} enabled={current.enabled} unsaved={dirty} error={dirty ? preview.error : null} lastRunAt={info.lastRunAt} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** "сб", "Mon": the weekday of an instant in a zone, so "last Saturday" can be checked at a glance. */
function weekdayIn(value: string, zone: string, lng: string): string {
  try {
    return new Intl.DateTimeFormat(lng, { weekday: 'short', timeZone: zone }).format(new Date(value));
  } catch {
    return '';
  }
}

function NextRuns({ runs, zone, enabled, unsaved, error, lastRunAt }: { runs: string[] | undefined; zone: string; enabled: boolean; unsaved: boolean; error: unknown; lastRunAt: string | null }) {
  const { t, i18n } = useTranslation();
  const title = unsaved ? t('settings.schedule.nextRunsUnsaved') : t('settings.schedule.nextRuns');
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600} id="next-runs-title">{title}</Text>
      {!enabled ? (
        <Text size="sm" c="dimmed">{t('settings.schedule.nextRunsOff')}</Text>
      ) : error ? (
        <Alert color="red" variant="light"><GatewayErrorText error={error} /></Alert>
      ) : runs === undefined ? (
        <Text size="sm" c="dimmed">{t('common.loading')}</Text>
      ) : (
        <List aria-label={t('settings.schedule.nextRunsLabel')} listStyleType="decimal" spacing={4} size="sm">
          {runs.map((r) => (
            <List.Item key={r}>
              <Text span size="sm" c="dimmed" className="weekday">{weekdayIn(r, zone, i18n.language)}</Text>{' '}
              <TimeWithZone value={r} zone={zone} relative="beside" />
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" c="dimmed">
        {t('settings.schedule.lastRun')}: {lastRunAt ? <TimeWithZone value={lastRunAt} zone={zone} size="xs" /> : t('settings.schedule.neverRun')}
      </Text>
    </Stack>
  );
}
