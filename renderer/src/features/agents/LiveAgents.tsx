// The live tab: counts per state (each a filter), the MCE link and the age of its last event,
// search and filters, and the virtualized table. Everything here renders on the throttled frame
// (data changed, at most every 250 ms, or a second passed), however fast MCE talks. While the
// pointer is over the table its rows hold still (cells still update) and a quiet note counts
// the agents that entered or left the filter meanwhile; leaving the table brings them in.
import { Alert, Anchor, Button, Code, Group, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentView, MceMode } from '../../../../core/contract/index.ts';
import { hrefFor } from '../../app/router.ts';
import { formatNumber } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert, IconSettings } from '../../components/Icons.tsx';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { AgentDrawer } from './AgentDrawer.tsx';
import { AgentFilters } from './AgentFilters.tsx';
import type { AgentStore } from './agentStore.ts';
import { AgentsGrid, agentsGridTestId } from './AgentsGrid.tsx';
import { useAgentColumns } from './columns.tsx';
import { emptyFilter, facetList, frozenDrift, hasAnyFilter, RowModel, type AgentFilter } from './rows.ts';
import { StateCounts } from './StateCounts.tsx';
import { LastEventAge, MceModeBadge } from './states.tsx';
import { useThrottledFrame } from './throttle.ts';

export function NotConfigured() {
  const { t } = useTranslation();
  return (
    <EmptyView
      title={t('agents.empty.notConfiguredTitle')}
      action={
        <Button component="a" href={hrefFor({ section: 'settings' })} variant="light" leftSection={<IconSettings size={14} />}>
          {t('agents.empty.openSettings')}
        </Button>
      }
    >
      <Stack gap={6} align="center">
        <span>{t('agents.empty.notConfigured')}</span>
        <Code block ta="left">{'gatewayctl config set mce.url http://mce-host:8090\nprintf %s PASSWORD | gatewayctl credentials set mce --user USER --password-stdin'}</Code>
      </Stack>
    </EmptyView>
  );
}

interface Frozen {
  rows: readonly string[];
  filter: AgentFilter;
}

export function LiveAgents({ store, reload, tableHeight = 'max(320px, calc(100vh - 390px))' }: { store: AgentStore; reload(): void; tableHeight?: number | string }) {
  const { t, i18n } = useTranslation();
  const now = useThrottledFrame(store.subscribe);
  const s = store.getState();
  const gatewayNow = now + s.clockOffsetMs;

  const [filter, setFilter] = useState<AgentFilter>(emptyFilter);
  const [model] = useState(() => new RowModel());
  const live = model.derive(s, filter);

  // Rows hold still under the pointer: the order and membership of when it came in (for this filter).
  const [frozen, setFrozen] = useState<Frozen | null>(null);
  const inside = useRef(false);
  const latest = useRef({ live, filter });
  latest.current = { live, filter };
  const shown = frozen !== null && frozen.filter === filter ? frozen.rows : live;
  useEffect(() => {
    // A new filter is the operator's own doing: show its rows, and hold those if the pointer is in.
    if (inside.current && frozen?.filter !== filter) setFrozen({ rows: live, filter });
  }, [filter, frozen, live]);
  const drift = useMemo(() => (shown === live ? null : frozenDrift(shown, live)), [shown, live]);
  const onPointerEnter = useCallback(() => {
    inside.current = true;
    setFrozen({ rows: latest.current.live, filter: latest.current.filter });
  }, []);
  const onPointerLeave = useCallback(() => {
    inside.current = false;
    setFrozen(null);
  }, []);

  // The cursor follows its agent when rows come and go.
  const [activeId, setActiveId] = useState<string | null>(null);
  const lastIndex = useRef(0);
  const latestShown = useRef(shown);
  latestShown.current = shown;
  const found = activeId === null ? -1 : shown.indexOf(activeId);
  const activeIndex = Math.max(0, Math.min(found >= 0 ? found : lastIndex.current, shown.length - 1));
  lastIndex.current = activeIndex;
  const onActiveIndexChange = useCallback((i: number) => {
    lastIndex.current = i;
    setActiveId(latestShown.current[i] ?? null);
  }, []);

  const getRow = (i: number): AgentView | undefined => {
    const id = shown[i];
    return id === undefined ? undefined : (s.agents.get(id) ?? s.gone.get(id));
  };
  const rowClassName = (a: AgentView) => (s.agents.has(a.agentId) ? undefined : 'is-gone');
  const columns = useAgentColumns(gatewayNow);

  const [openId, setOpenId] = useState<string | null>(null);
  const openAgent = openId === null ? null : (s.agents.get(openId) ?? s.gone.get(openId) ?? null);

  const counts = useMemo(() => Object.fromEntries(s.states), [s.rev]);
  const sites = useMemo(() => facetList(s.sites), [s.facetRev]);
  const groups = useMemo(() => facetList(s.groups), [s.facetRev]);
  const toggleState = useCallback((state: string) => {
    setFilter((f) => ({ ...f, states: f.states.includes(state) ? f.states.filter((x) => x !== state) : [...f.states, state] }));
  }, []);

  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);
  const focusGrid = useCallback(() => (document.querySelector(`[data-testid="${agentsGridTestId}"]`) as HTMLElement | null)?.focus(), []);

  const total = s.agents.size;
  const fmt = (n: number) => formatNumber(n, i18n.language);

  let body: ReactNode;
  if (s.phase === 'loading') body = <LoadingState label={t('agents.loading')} />;
  else if (s.phase === 'error') body = <ErrorView error={s.error} title={t('agents.loadError')} hint={t('agents.loadErrorHint')} onRetry={reload} />;
  else if (total === 0 && s.mode === 'not_configured') body = <NotConfigured />;
  else if (total === 0) body = <EmptyView title={t('agents.empty.noAgentsTitle')}>{t('agents.empty.noAgents', { mode: t(`agents.mode.${s.mode ?? 'offline'}`) })}</EmptyView>;
  else if (shown.length === 0)
    body = (
      <EmptyView title={t('agents.empty.filteredTitle')} action={<Button variant="default" onClick={() => setFilter(emptyFilter)}>{t('agents.filters.clear')}</Button>}>
        {t('agents.empty.filtered')}
      </EmptyView>
    );
  else
    body = (
      <AgentsGrid
        rows={shown.length}
        getRow={getRow}
        columns={columns}
        height={tableHeight}
        activeIndex={activeIndex}
        onActiveIndexChange={onActiveIndexChange}
        onOpen={(a) => setOpenId(a.agentId)}
        rowClassName={rowClassName}
        onPointerEnter={onPointerEnter}
        onPointerLeave={onPointerLeave}
      />
    );

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" mih={26}>
        {s.mode !== null && <MceModeBadge mode={s.mode as MceMode} />}
        {s.phase === 'ready' && (total > 0 || s.mode !== 'not_configured') && <LastEventAge at={s.lastEventAt} gatewayNow={gatewayNow} />}
        {s.phase === 'ready' && (total > 0 || s.mode !== 'not_configured') && (
          <Text span size="sm" className="nowrap tnum" data-testid="agents-total">
            {t('agents.total', { count: total, formatted: fmt(total) })}
            {hasAnyFilter(filter) && total > 0 && <Text span size="sm" c="dimmed">{` · ${t('agents.shown', { shown: fmt(shown.length) })}`}</Text>}
          </Text>
        )}
        {s.reloading && s.phase === 'ready' && <Loader size="xs" aria-label={t('agents.reloading')} />}
      </Group>
      {s.phase === 'ready' && s.error !== null && (
        <Alert color="yellow" variant="light" icon={<IconAlert size={16} />} title={t('agents.reloadFailed')} py="xs">
          <Group gap="sm" justify="space-between" wrap="nowrap">
            <GatewayErrorText error={s.error} />
            <Button size="xs" variant="default" onClick={reload}>{t('common.retry')}</Button>
          </Group>
        </Alert>
      )}
      {s.phase === 'ready' && total > 0 && (
        <>
          <StateCounts counts={counts} selected={filter.states} onToggle={toggleState} />
          <AgentFilters value={filter} onChange={setFilter} sites={sites} groups={groups} searchRef={searchRef} onLeaveSearch={focusGrid} />
        </>
      )}
      <div>{body}</div>
      {/* Below the table, in place of the keyboard hint: the note never moves the rows under the pointer. */}
      {shown.length > 0 &&
        (drift && drift.entered + drift.left > 0 ? (
          <Text size="xs" c="blue.8" role="note" data-testid="agents-frozen-note" truncate="end">
            {t('agents.frozen', { entered: fmt(drift.entered), left: fmt(drift.left) })}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" truncate="end">
            {t('agents.keyboardHint')}{' '}
            <Anchor size="xs" href={hrefFor({ section: 'agents', tab: 'identity' })}>{t('agents.identityLink')}</Anchor>
          </Text>
        ))}
      <AgentDrawer agent={openAgent} gone={openAgent !== null && !s.agents.has(openAgent.agentId)} gatewayNow={gatewayNow} onClose={() => setOpenId(null)} />
    </Stack>
  );
}
