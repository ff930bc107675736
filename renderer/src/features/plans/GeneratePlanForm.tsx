// "Generate plan": a period (civil dates) → plans.create → the new plan opens.
import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useContractMutation } from '../../client/index.ts';
import { civilToday, monthOf } from '../../components/format.ts';
import { errorMessage } from '../../components/errors.ts';
import { usePrefs } from '../../app/prefs.ts';
import { hrefFor, navigate } from '../../app/router.ts';

/** Client-side check, so an operator sees the problem before a round trip. Null when fine. */
export function periodProblem(from: string, to: string): 'required' | 'invalidRange' | null {
  if (!from || !to) return 'required';
  if (to < from) return 'invalidRange';
  return null;
}

export function GeneratePlanForm() {
  const { t } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const [initial] = useState(() => monthOf(civilToday(zone)));
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useContractMutation('plans.create', {
    onSuccess: (plan) => {
      notifications.show({ color: 'green', message: t('plans.generate.created', { id: plan.id }) });
      navigate(hrefFor({ section: 'plans', planId: plan.id }));
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = periodProblem(from, to);
    setProblem(p ? t(`plans.generate.${p}`) : null);
    if (!p) create.mutate({ from, to });
  }

  return (
    <Paper withBorder p="sm" radius="sm" component="form" onSubmit={submit} aria-label={t('plans.generate.title')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Text fw={600} size="sm" mb={6} className="nowrap">{t('plans.generate.title')}</Text>
        <TextInput type="date" label={t('plans.generate.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} required w={160} />
        <TextInput type="date" label={t('plans.generate.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} required w={160} />
        <Button type="submit" loading={create.isPending}>{t('plans.generate.submit')}</Button>
      </Group>
      {(problem || create.isError) && (
        <Text size="sm" c="red" mt="xs" role="alert" style={{ whiteSpace: 'pre-wrap' }}>
          {problem ?? errorMessage(create.error, t('common.unknownError'))}
        </Text>
      )}
    </Paper>
  );
}
