// A gateway error as an operator reads it: a sentence in their language for the codes we know,
// then the gateway's own message verbatim (it names the plan, the time, what to do).
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isContractCallError } from '../client/index.ts';
import { errorMessage } from './errors.ts';

/**
 * Plan refusals that arrive wrapped (e.g. an apply run as a queue operation reports
 * "operation_failed") still carry core's message; recognise them by it so the operator
 * gets the same explanation and way out.
 */
const byMessage: Array<[RegExp, string]> = [
  [/^stale plan\b/i, 'plan_stale'],
  [/^plan \d+ expired at\b/i, 'plan_expired'],
  [/^plan \d+ was rejected by\b/i, 'plan_rejected'],
];

export function errorCode(error: unknown): string | null {
  if (!isContractCallError(error)) return null;
  if (error.code.startsWith('plan_') || error.code === 'mass_deactivation_unconfirmed') return error.code;
  for (const [re, code] of byMessage) if (re.test(error.message)) return code;
  return error.code;
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
