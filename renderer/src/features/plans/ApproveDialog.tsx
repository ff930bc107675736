// Approve: who (required), why (optional) and, for a flagged mass deactivation, an explicit confirmation.
import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, PlanSummary } from '../../../../core/contract/index.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert } from '../../components/Icons.tsx';
import { approvalProblems, hasProblems, type ApprovalProblems } from './decisionRules.ts';

export interface ApproveDialogProps {
  plan: PlanSummary;
  opened: boolean;
  busy: boolean;
  error: unknown;
  /** Remembered from the last decision, so an operator types their name once per session. */
  defaultName: string;
  onSubmit(input: Input<'plans.approve'>): void;
  onClose(): void;
}

export function ApproveDialog({ plan, opened, busy, error, defaultName, onSubmit, onClose }: ApproveDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(defaultName);
  const [comment, setComment] = useState('');
  const [confirmMass, setConfirmMass] = useState(false);
  const [problems, setProblems] = useState<ApprovalProblems>({});
  const mass = plan.massDeactivation;

  useEffect(() => {
    if (opened) {
      setName(defaultName);
      setComment('');
      setConfirmMass(false);
      setProblems({});
    }
  }, [opened, defaultName]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = approvalProblems({ name, comment, confirmMass }, plan);
    setProblems(p);
    if (hasProblems(p)) return;
    onSubmit({
      planId: plan.id,
      by: name.trim(),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      ...(mass.flagged ? { confirmMassDeactivation: true } : {}),
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{t('plans.approve.title', { id: plan.id })}</Text>} centered size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate aria-label={t('plans.approve.title', { id: plan.id })}>
        <Stack gap="sm">
          <Text size="sm">
            {t('plans.approve.summary', { create: plan.counts.create, update: plan.counts.update, deactivate: plan.counts.deactivate, excluded: plan.excludedCount })}
          </Text>
          <TextInput
            label={t('plans.approve.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problems.name ? t(`plans.approve.${problems.name}`) : undefined}
            withAsterisk
            data-autofocus
            autoComplete="name"
          />
          <Textarea
            label={t('plans.approve.comment')}
            placeholder={t('plans.approve.commentPlaceholder')}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
          />
          {mass.flagged && (
            <Alert color="red" variant="light" icon={<IconAlert size={16} />} p="sm">
              <Checkbox
                color="red"
                label={t('plans.approve.confirmMass', { count: mass.deactivations })}
                checked={confirmMass}
                onChange={(e) => setConfirmMass(e.currentTarget.checked)}
                error={problems.confirm ? t(`plans.approve.${problems.confirm}`) : undefined}
              />
            </Alert>
          )}
          {error != null && (
            <Alert color="red" variant="light" role="alert" title={t('common.actionFailed')}>
              <GatewayErrorText error={error} />
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>{t('common.cancel')}</Button>
            <Button type="submit" color="green" loading={busy}>{t('plans.approve.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
