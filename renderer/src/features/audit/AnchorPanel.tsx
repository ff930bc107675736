// The log's anchor: the sealed head as one line to keep outside the gateway, with a copy button.
// "gatewayctl audit verify --anchor LINE" later proves the log still holds that entry unchanged.
import { Button, Code, CopyButton, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { IconCheck, IconLock } from '../../components/Icons.tsx';

export function AnchorPanel() {
  const { t } = useTranslation();
  const q = useContractQuery('audit.anchor', {}, { staleTime: 0 });
  if (!q.data) return null;
  const line = q.data.anchor;
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="audit-anchor">
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap">
          <IconLock size={14} />
          <Text size="sm" fw={600}>{t('audit.anchor.title')}</Text>
        </Group>
        {line === null ? (
          <Text size="sm" c="dimmed">{t('audit.anchor.none')}</Text>
        ) : (
          <>
            <Group gap="xs" wrap="nowrap" align="center">
              <Code aria-label={t('audit.anchor.label')} fz="xs" style={{ wordBreak: 'break-all', flex: 1 }}>{line}</Code>
              <CopyButton value={line} timeout={2000}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant={copied ? 'light' : 'default'} color={copied ? 'green' : undefined} leftSection={copied ? <IconCheck size={14} /> : undefined} onClick={copy}>
                    {copied ? t('audit.anchor.copied') : t('audit.anchor.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">{t('audit.anchor.hint')}</Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
