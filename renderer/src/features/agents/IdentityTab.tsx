// The identity tab: what does not match between MCE agents and directory employees, by kind
// (each count a filter), a searchable, paged table of agents.identity rows with a fix for each,
// and the manual links with "remove link". "#/agents/identity?search=LOGIN" opens it searching.
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { identityKinds, type AgentLink, type IdentityKind, type IdentityRow } from '../../../../core/contract/index.ts';
import { hashParam, hrefFor, useHash } from '../../app/router.ts';
import { useContractQuery } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { IconArrowLeft, IconArrowRight, IconBan, IconHelp, IconLink, IconSearch, IconUnlink, IconUsers, IconX } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import type { AgentStore } from './agentStore.ts';
import { IdentityActionDialog, type IdentityAction } from './IdentityDialogs.tsx';
import { AgentStateBadge } from './states.tsx';

export const IDENTITY_PAGE = 50;

const kindIcon: Record<IdentityKind, ReactNode> = {
  agent_without_employee: <IconHelp size={12} />,
  employee_without_agent: <IconX size={12} />,
  duplicate_login: <IconUsers size={12} />,
  deactivated_in_mce: <IconBan size={12} />,
};

function KindCounts({ counts, selected, onSelect }: { counts: Partial<Record<IdentityKind, number>> | undefined; selected: IdentityKind | null; onSelect(k: IdentityKind | null): void }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={6} wrap="wrap" role="group" aria-label={t('agents.identity.kindsLabel')}>
      {identityKinds.map((k) => {
        const n = counts?.[k];
        const value = n === undefined ? '…' : formatNumber(n, i18n.language);
        const pressed = selected === k;
        return (
          <UnstyledButton
            key={k}
            onClick={() => onSelect(pressed ? null : k)}
            aria-pressed={pressed}
            aria-label={`${t(`agents.identity.kind.${k}`)}: ${value}`}
            className={`state-chip${pressed ? ' is-pressed' : ''}${n === 0 ? ' is-zero' : ''}`}
            style={{ ['--chip-color' as string]: `var(--mantine-color-${n ? 'yellow' : 'gray'}-6)` }}
          >
            <Text span c={n ? 'yellow.9' : 'dimmed'} className="state-chip-icon">{kindIcon[k]}</Text>
            <Text span size="xs" fw={500} className="nowrap">{t(`agents.identity.kind.${k}`)}</Text>
            <Text span size="sm" fw={700} className="tnum">{value}</Text>
          </UnstyledButton>
        );
      })}
    </Group>
  );
}

function EmployeesCell({ row, onPick }: { row: IdentityRow; onPick(e: IdentityRow['employees'][number]): void }) {
  const { t } = useTranslation();
  if (row.employees.length === 0) return <Text size="xs" c="dimmed">{t('agents.identity.noEmployee')}</Text>;
  return (
    <Stack gap={4}>
      {row.employees.map((e) => (
        <Group key={e.externalId} gap={6} wrap="wrap" align="center" title={e.departmentName ?? undefined}>
          <Text size="sm">{e.name}</Text>
          <Text size="xs" c="dimmed" className="mono">{e.tabN}</Text>
          {!e.active && <Text size="xs" c="red.8" fw={600}>{t('agents.inactive')}</Text>}
          {row.kind === 'duplicate_login' && (
            <Button size="compact-xs" variant="light" onClick={() => onPick(e)} aria-label={t('agents.identity.actions.pickFor', { login: row.login, name: e.name })}>
              {t('agents.identity.actions.pick')}
            </Button>
          )}
        </Group>
      ))}
    </Stack>
  );
}

function RowActions({ row, act }: { row: IdentityRow; act(a: IdentityAction): void }) {
  const { t } = useTranslation();
  if (row.kind === 'employee_without_agent') {
    const e = row.employees[0];
    return e ? (
      <Button size="compact-xs" variant="default" leftSection={<IconLink size={12} />} onClick={() => act({ type: 'linkAgent', employee: e })} aria-label={t('agents.identity.actions.linkAgentFor', { name: e.name })}>
        {t('agents.identity.actions.linkAgent')}
      </Button>
    ) : null;
  }
  const other = row.kind === 'agent_without_employee' ? 'linkEmployee' : 'linkOther';
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="default" leftSection={<IconLink size={12} />} onClick={() => act({ type: 'link', login: row.login })} aria-label={t(`agents.identity.actions.${other}For`, { login: row.login })}>
        {t(`agents.identity.actions.${other}`)}
      </Button>
      <Button size="compact-xs" variant="subtle" color="gray" onClick={() => act({ type: 'notEmployee', login: row.login })} aria-label={t('agents.identity.actions.notEmployeeFor', { login: row.login })}>
        {t('agents.identity.actions.notEmployee')}
      </Button>
    </Group>
  );
}

function ManualLinks({ links, act }: { links: AgentLink[]; act(a: IdentityAction): void }) {
  const { t } = useTranslation();
  const title = t('agents.identity.links.title');
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Title order={3} size="h5" mb={4}>{title}</Title>
      <Text size="xs" c="dimmed" mb="xs">{t('agents.identity.links.hint')}</Text>
      {links.length === 0 ? (
        <Text size="sm" c="dimmed">{t('agents.identity.links.empty')}</Text>
      ) : (
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('agents.identity.col.login')}</Table.Th>
              <Table.Th>{t('agents.identity.links.target')}</Table.Th>
              <Table.Th>{t('agents.identity.links.by')}</Table.Th>
              <Table.Th>{t('agents.identity.links.at')}</Table.Th>
              <Table.Th aria-label={t('agents.identity.col.actions')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.map((l) => (
              <Table.Tr key={l.login}>
                <Table.Td className="mono">{l.login}</Table.Td>
                <Table.Td>
                  {l.externalId === null ? (
                    <Badge size="sm" variant="outline" color="gray" tt="none">{t('agents.identity.links.notEmployee')}</Badge>
                  ) : l.employee ? (
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{l.employee.name}</Text>
                      <Text size="xs" c="dimmed" className="mono">{l.employee.tabN}</Text>
                      {!l.employee.active && <Text size="xs" c="red.8" fw={600}>{t('agents.inactive')}</Text>}
                    </Group>
                  ) : (
                    <Text size="sm" c="red.8">{t('agents.identity.links.missing', { id: l.externalId })}</Text>
                  )}
                </Table.Td>
                <Table.Td>{l.createdBy}</Table.Td>
                <Table.Td><TimeWithZone value={l.createdAt} compact past /></Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconUnlink size={12} />} onClick={() => act({ type: 'unlink', link: l })} aria-label={t('agents.identity.links.removeFor', { login: l.login })}>
                    {t('agents.identity.links.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

export function IdentityTab({ store }: { store: AgentStore }) {
  const { t, i18n } = useTranslation();
  const hash = useHash();
  const asked = hashParam(hash, 'search');
  const [kind, setKind] = useState<IdentityKind | null>(null);
  const [search, setSearch] = useState(asked ?? '');
  const [offset, setOffset] = useState(0);
  const [action, setAction] = useState<IdentityAction | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);

  // A link from the live table ("not linked") asks for one login: search it among all kinds.
  useEffect(() => {
    if (asked === null) return;
    setSearch(asked);
    setKind(null);
  }, [asked]);
  useEffect(() => setOffset(0), [kind, debounced]);

  const q = useContractQuery(
    'agents.identity',
    { ...(kind ? { kind } : {}), ...(debounced ? { search: debounced } : {}), offset, limit: IDENTITY_PAGE },
    { placeholderData: keepPreviousData },
  );
  const data = q.data;
  const fmt = (n: number) => formatNumber(n, i18n.language);

  let body: ReactNode;
  if (q.isPending) body = <LoadingState />;
  else if (q.isError && !data) body = <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  else if (!data || data.rows.length === 0)
    body = <EmptyView title={t('agents.identity.emptyTitle')}>{debounced ? t('agents.identity.emptySearch') : kind ? t('agents.identity.emptyKind', { kind: t(`agents.identity.kind.${kind}`) }) : t('agents.identity.empty')}</EmptyView>;
  else
    body = (
      <Table striped highlightOnHover aria-label={t('agents.identity.tableLabel')} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            {kind === null && <Table.Th>{t('agents.identity.col.kind')}</Table.Th>}
            <Table.Th>{t('agents.identity.col.login')}</Table.Th>
            <Table.Th>{t('agents.identity.col.agent')}</Table.Th>
            <Table.Th>{t('agents.identity.col.employees')}</Table.Th>
            <Table.Th>{t('agents.identity.col.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((r) => (
            <Table.Tr key={`${r.kind}:${r.login}:${r.employees.map((e) => e.externalId).join(',')}`}>
              {kind === null && (
                <Table.Td>
                  <StatusBadge tone="warn" icon={kindIcon[r.kind]} label={t(`agents.identity.kind.${r.kind}`)} size="xs" />
                </Table.Td>
              )}
              <Table.Td className="mono">{r.login}</Table.Td>
              <Table.Td>
                {r.agent ? (
                  <Stack gap={2}>
                    <Text size="sm">{r.agent.name}</Text>
                    <Group gap={6} wrap="nowrap">
                      <AgentStateBadge state={r.agent.state} />
                      {r.agent.site && <Text size="xs" c="dimmed">{r.agent.site}</Text>}
                    </Group>
                  </Stack>
                ) : (
                  <Text size="xs" c="dimmed">{t('agents.identity.noAgent')}</Text>
                )}
              </Table.Td>
              <Table.Td><EmployeesCell row={r} onPick={(e) => setAction({ type: 'link', login: r.login, employee: { externalId: e.externalId, name: e.name, tabN: e.tabN } })} /></Table.Td>
              <Table.Td><RowActions row={r} act={setAction} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );

  const total = data?.total ?? 0;
  return (
    <Stack gap="sm">
      {data?.directoryEmployees === 0 && (
        <Alert color="blue" variant="light" role="note" aria-label={t('agents.identity.noDirectoryTitle')} title={t('agents.identity.noDirectoryTitle')} maw={900}>
          {t('agents.identity.noDirectory')}{' '}
          <Anchor href={hrefFor({ section: 'plans' })} size="sm">{t('agents.identity.noDirectoryAction')}</Anchor>
        </Alert>
      )}
      <KindCounts counts={data?.counts} selected={kind} onSelect={setKind} />
      <Text size="sm" c="dimmed" maw={900}>{t(`agents.identity.hint.${kind ?? 'all'}`)}</Text>
      <Group gap="sm" wrap="wrap" justify="space-between">
        <TextInput
          ref={searchRef}
          aria-label={t('agents.identity.search')}
          placeholder={`${t('agents.identity.searchPlaceholder')}  ( / )`}
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search !== '') {
              e.preventDefault();
              setSearch('');
            }
          }}
          style={{ flex: '1 1 320px' }}
          maw={560}
        />
        {data && total > 0 && (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" className="tnum nowrap" data-testid="identity-range">
              {t('agents.identity.range', { from: fmt(offset + 1), to: fmt(Math.min(offset + IDENTITY_PAGE, total)), total: fmt(total) })}
            </Text>
            <Button size="compact-sm" variant="default" aria-label={t('agents.identity.prev')} disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - IDENTITY_PAGE))}>
              <IconArrowLeft size={14} />
            </Button>
            <Button size="compact-sm" variant="default" aria-label={t('agents.identity.next')} disabled={offset + IDENTITY_PAGE >= total} onClick={() => setOffset(offset + IDENTITY_PAGE)}>
              <IconArrowRight size={14} />
            </Button>
          </Group>
        )}
      </Group>
      {q.isError && data && <ErrorView error={q.error} onRetry={() => void q.refetch()} />}
      <div>{body}</div>
      {data && (
        <Text size="xs" c="dimmed">
          {t('agents.identity.asOf')} <TimeWithZone value={data.asOf} size="xs" relative="beside" past />
        </Text>
      )}
      {data && <ManualLinks links={data.links} act={setAction} />}
      <IdentityActionDialog action={action} store={store} onClose={() => setAction(null)} />
    </Stack>
  );
}
