// A gateway error as an operator reads it: a sentence in their language for the codes we know,
// then the gateway's own message verbatim (it names the plan, the time, what to do).
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isContractCallError } from '../client/index.ts';
import { errorMessage } from './errors.ts';

export function errorCode(error: unknown): string | null {
  return isContractCallError(error) ? error.code : null;
}

export function GatewayErrorText({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const code = errorCode(error);
  const key = code ? `errors.${code}` : null;
  const explained = key && i18n.exists(key) ? t(key) : null;
  const verbatim = errorMessage(error, t('common.unknownError'));
  return (
    <Stack gap={4}>
      {explained && <Text size="sm" fw={500}>{explained}</Text>}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={explained ? 'dimmed' : undefined}>
        {explained ? `${t('errors.gatewaySaid')}: ` : ''}
        {verbatim}
      </Text>
    </Stack>
  );
}
