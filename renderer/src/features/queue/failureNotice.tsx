// A refused queue action as a notification: the explanation in the operator's language for the
// codes we know, then the gateway's own words. Errors stay on screen longer than confirmations.
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';

export function useFailureNotice(): (error: unknown) => void {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => notifications.show({ color: 'red', title: t('common.actionFailed'), message: <GatewayErrorText error={error} />, autoClose: 12_000 }),
    [t],
  );
}
