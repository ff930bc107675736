// Reject: who and why, both required; a rejected plan can never be applied.
import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, PlanSummary } from '../../../../core/contract/index.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { hasProblems, rejectionProblems } from './decisionRules.ts';

export interface RejectDialogProps {
  plan: PlanSummary;
  opened: boolean;
  busy: boolean;
  error: unknown;
  defaultName: string;
  onSubmit(input: Input<'plans.reject'>): void;
  onClose(): void;
}

export function RejectDialog({ plan, opened, busy, error, defaultName, onSubmit, onClose }: RejectDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(defaultName);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<ReturnType<typeof rejectionProblems>>({});

  useEffect(() => {
    if (opened) {
      setName(defaultName);
      setReason('');
      setProblems({});
    }
  }, [opened, defaultName]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = rejectionProblems({ name, reason });
    setProblems(p);
    if (hasProblems(p)) return;
    onSubmit({ planId: plan.id, by: name.trim(), reason: reason.trim() });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{t('plans.reject.title', { id: plan.id })}</Text>} centered size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate aria-label={t('plans.reject.title', { id: plan.id })}>
        <Stack gap="sm">
          <Text size="sm">{t('plans.reject.body')}</Text>
          <TextInput
            label={t('plans.reject.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problems.name ? t(`plans.reject.${problems.name}`) : undefined}
            withAsterisk
            data-autofocus
            autoComplete="name"
          />
          <Textarea
            label={t('plans.reject.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={problems.reason ? t(`plans.reject.${problems.reason}`) : undefined}
            withAsterisk
            autosize
            minRows={2}
            maxRows={6}
          />
          {error != null && (
            <Alert color="red" variant="light" role="alert" title={t('common.actionFailed')}>
              <GatewayErrorText error={error} />
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>{t('common.cancel')}</Button>
            <Button type="submit" color="red" loading={busy}>{t('plans.reject.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
