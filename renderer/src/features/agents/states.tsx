// Agent states and the MCE link mode in colour, icon and word (colour is never alone). States
// MCE sends that we do not know are shown as they are, in a neutral colour; known break reasons
// are translated, others shown verbatim.
import { useCallback, type ReactNode } from 'react';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { knownAgentStates, type MceMode } from '../../../../core/contract/index.ts';
import { IconActivity, IconBell, IconBook, IconCheck, IconCoffee, IconHelp, IconPause, IconPencil, IconPhone, IconPlug, IconPower, IconRefresh, IconUsers, IconX } from '../../components/Icons.tsx';
import { formatAge } from '../../components/duration.ts';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';

interface Look {
  tone: StatusTone;
  icon: ReactNode;
  variant?: 'light' | 'outline';
}

// Ready green; busy with a call blue; away (planned) amber; offline grey (CONSOLE-UX colours).
const stateLooks: Record<string, Look> = {
  available: { tone: 'ok', icon: <IconCheck size={12} /> },
  ringing: { tone: 'processing', icon: <IconBell size={12} /> },
  talking: { tone: 'processing', icon: <IconPhone size={12} /> },
  hold: { tone: 'processing', icon: <IconPause size={12} /> },
  wrap_up: { tone: 'processing', icon: <IconPencil size={12} /> },
  break: { tone: 'warn', icon: <IconCoffee size={12} /> },
  training: { tone: 'warn', icon: <IconBook size={12} /> },
  meeting: { tone: 'warn', icon: <IconUsers size={12} /> },
  offline: { tone: 'muted', icon: <IconPower size={12} />, variant: 'light' },
};
const unknownLook: Look = { tone: 'muted', icon: <IconHelp size={12} /> };

export const isKnownState = (state: string): boolean => (knownAgentStates as readonly string[]).includes(state);

export function stateLook(state: string): Look {
  return (Object.hasOwn(stateLooks, state) ? stateLooks[state] : undefined) ?? unknownLook;
}

/** The state's word: translated when known, as MCE spelled it otherwise. */
export function useStateLabel(): (state: string) => string {
  const { t } = useTranslation();
  return useCallback((state: string) => (isKnownState(state) ? t(`agents.state.${state}`) : state), [t]);
}

/** `since` rides along as data-since so the benchmark can tell which event a row shows. */
export function AgentStateBadge({ state, since, size = 'xs' }: { state: string; since?: string; size?: 'xs' | 'sm' | 'md' }) {
  const label = useStateLabel();
  const l = stateLook(state);
  return (
    <span data-state={state} data-since={since} className="state-cell">
      <StatusBadge tone={l.tone} icon={l.icon} label={label(state)} size={size} variant={l.variant} />
    </span>
  );
}

/** Known reasons ("lunch") in the operator's language; anything else verbatim. */
export const knownReasons = ['lunch', 'rest', 'personal', 'training', 'meeting', 'coaching', 'technical', 'paperwork'] as const;

export function useReasonText(): (reason: string | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (reason: string | null) => {
      if (reason === null) return '';
      const key = reason.trim().toLowerCase();
      return (knownReasons as readonly string[]).includes(key) ? t(`agents.reason.${key}`) : reason;
    },
    [t],
  );
}

const modeLooks: Record<MceMode, Look> = {
  live: { tone: 'ok', icon: <IconActivity size={12} /> },
  fallback: { tone: 'warn', icon: <IconRefresh size={12} /> },
  offline: { tone: 'error', icon: <IconX size={12} /> },
  not_configured: { tone: 'muted', icon: <IconPlug size={12} /> },
};

/** How the gateway hears MCE: live, fallback polling, offline, not configured. */
export function MceModeBadge({ mode, size = 'sm' }: { mode: MceMode; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  const l = modeLooks[mode];
  return (
    <span role="status" aria-label={`${t('agents.mode.label')}: ${t(`agents.mode.${mode}`)}`}>
      <StatusBadge tone={l.tone} icon={l.icon} label={t(`agents.mode.${mode}`)} size={size} />
    </span>
  );
}

/** "last event 3 s ago" (or just "3 s ago" when `bare`, under a label), on the gateway's clock. */
export function LastEventAge({ at, gatewayNow, bare = false }: { at: string | null; gatewayNow: number; bare?: boolean }) {
  const { t, i18n } = useTranslation();
  const ms = at === null ? NaN : gatewayNow - Date.parse(at);
  const prefix = bare ? 'agents.age' : 'agents.lastEvent';
  return (
    <Text span size="sm" c={bare ? undefined : 'dimmed'} className="nowrap tnum" data-testid={bare ? undefined : 'agents-last-event'}>
      {!Number.isFinite(ms) ? t('agents.noEvents') : ms < 1000 ? t(`${prefix}Now`) : t(prefix, { age: formatAge(ms, i18n.language) })}
    </Text>
  );
}
