// Destructive or bulk actions confirm with the exact count and consequence.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  busy?: boolean;
  /** The confirm button waits for a choice made in the dialog (e.g. an employee picked). */
  confirmDisabled?: boolean;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog({ opened, title, children, confirmLabel, color = 'blue', busy = false, confirmDisabled = false, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} centered size="md" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <div>{children}</div>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={busy}>{t('common.cancel')}</Button>
          <Button color={color} onClick={onConfirm} loading={busy} disabled={confirmDisabled} data-autofocus={confirmDisabled ? undefined : true}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
