// One item in full: what it is, every field before → after, why it is invalid; exclude or include it.
import { Alert, Badge, Button, Drawer, Group, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanItem } from '../../../../core/contract/index.ts';
import { IconAlert } from '../../components/Icons.tsx';
import { FullDiff } from './Diff.tsx';
import { ActionBadge } from './status.tsx';

export interface ItemDrawerProps {
  item: PlanItem | null;
  editable: boolean;
  busy: boolean;
  onClose(): void;
  onSetExcluded(item: PlanItem, excluded: boolean): void;
}

export function ItemDrawer({ item, editable, busy, onClose, onSetExcluded }: ItemDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size={560}
      title={item ? <Text fw={600}>{item.label}</Text> : null}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {item && (
        <Stack gap="md">
          <Group gap="xs">
            <ActionBadge action={item.action} />
            {item.excluded && <Badge color="gray" variant="filled" size="sm">{t('plans.items.excluded')}</Badge>}
          </Group>
          <Table withRowBorders={false} verticalSpacing={3} aria-label={t('plans.item.entity')}>
            <Table.Tbody>
              <Table.Tr><Table.Th scope="row" w={170} c="dimmed" fw={500}>{t('plans.item.entity')}</Table.Th><Table.Td>{t(`plans.entity.${item.entity}`)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th scope="row" c="dimmed" fw={500}>{t('plans.item.externalId')}</Table.Th><Table.Td className="mono">{item.externalId}</Table.Td></Table.Tr>
              {item.tabN && <Table.Tr><Table.Th scope="row" c="dimmed" fw={500}>{t('plans.items.col.tabN')}</Table.Th><Table.Td className="mono">{item.tabN}</Table.Td></Table.Tr>}
              {(item.departmentName || item.departmentId) && (
                <Table.Tr><Table.Th scope="row" c="dimmed" fw={500}>{t('plans.items.col.department')}</Table.Th><Table.Td>{item.departmentName ?? item.departmentId}</Table.Td></Table.Tr>
              )}
              {item.area && <Table.Tr><Table.Th scope="row" c="dimmed" fw={500}>{t('plans.items.col.area')}</Table.Th><Table.Td>{item.area}</Table.Td></Table.Tr>}
            </Table.Tbody>
          </Table>
          {item.reasons.length > 0 && (
            <Alert color="orange" variant="light" icon={<IconAlert size={16} />} title={t('plans.item.reasons')}>
              <List size="sm" spacing={2}>
                {item.reasons.map((r) => <List.Item key={r}>{r}</List.Item>)}
              </List>
            </Alert>
          )}
          {item.action !== 'invalid' && <FullDiff item={item} />}
          {editable && (
            <Group>
              {item.excluded ? (
                <Button variant="default" loading={busy} onClick={() => onSetExcluded(item, false)}>{t('plans.items.include')}</Button>
              ) : (
                <Button color="gray" loading={busy} onClick={() => onSetExcluded(item, true)}>{t('plans.items.exclude')}</Button>
              )}
            </Group>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
