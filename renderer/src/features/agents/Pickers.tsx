// Searchable pickers for the identity fixes: a directory employee (directory.search as the
// operator types) or an MCE agent no employee is linked to (from the live stream). Results are
// radio buttons: one choice, named as a person reads it, reachable by keyboard.
import { Loader, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentView } from '../../../../core/contract/index.ts';
import { useContractQuery } from '../../client/index.ts';
import { IconSearch } from '../../components/Icons.tsx';
import { ErrorView } from '../../components/ViewStates.tsx';
import { fold, type AgentStore } from './agentStore.ts';

/** An employee as the fixes need it. */
export interface PickedEmployee {
  externalId: string;
  name: string;
  tabN: string;
}

const RESULTS = 10;

function PickerList<T>({ label, items, value, keyOf, render, onChange }: { label: string; items: T[]; value: string | null; keyOf(item: T): string; render(item: T): { label: string; description?: string }; onChange(item: T): void }) {
  return (
    <Radio.Group label={label} value={value} onChange={(k) => { const it = items.find((i) => keyOf(i) === k); if (it) onChange(it); }} size="xs">
      <Stack gap={6} mt={6} className="picker-list">
        {items.map((it) => {
          const r = render(it);
          return <Radio key={keyOf(it)} value={keyOf(it)} label={r.label} description={r.description} />;
        })}
      </Stack>
    </Radio.Group>
  );
}

export function EmployeePicker({ value, onChange }: { value: PickedEmployee | null; onChange(e: PickedEmployee): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 250);
  const q = useContractQuery('directory.search', { query, limit: RESULTS }, { enabled: query.length > 0 });
  const employees = query.length > 0 ? (q.data?.employees ?? []) : [];
  return (
    <Stack gap="xs">
      <TextInput
        label={t('agents.identity.dialog.employee')}
        placeholder={t('agents.identity.dialog.employeePlaceholder')}
        leftSection={q.isFetching ? <Loader size={12} /> : <IconSearch size={14} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-autofocus
        spellCheck={false}
      />
      {q.isError && <ErrorView error={q.error} />}
      {query.length > 0 && q.isSuccess && employees.length === 0 && <Text size="sm" c="dimmed">{t('agents.identity.dialog.noMatches')}</Text>}
      {employees.length > 0 && (
        <PickerList
          label={t('agents.identity.dialog.found')}
          items={employees}
          value={value?.externalId ?? null}
          keyOf={(e) => e.externalId}
          render={(e) => ({
            label: `${e.fullName} · ${e.tabN}`,
            description: [e.departmentName, e.login ? t('agents.identity.loginIs', { login: e.login }) : null, e.active ? null : t('agents.inactive')].filter(Boolean).join(' · ') || undefined,
          })}
          onChange={(e) => onChange({ externalId: e.externalId, name: e.fullName, tabN: e.tabN })}
        />
      )}
    </Stack>
  );
}

/** Agents no employee is linked to, matching a text, in name order (at most a few). */
export function unlinkedAgents(store: AgentStore, text: string, limit = RESULTS): AgentView[] {
  const s = store.getState();
  const terms = fold(text.trim()).split(/\s+/).filter(Boolean);
  const out: AgentView[] = [];
  for (const id of s.order) {
    const a = s.agents.get(id)!;
    if (a.employee !== null) continue;
    const hay = fold(`${a.name}\n${a.login}`);
    if (terms.every((term) => hay.includes(term))) out.push(a);
    if (out.length >= limit) break;
  }
  return out;
}

export function AgentPicker({ store, value, onChange }: { store: AgentStore; value: AgentView | null; onChange(a: AgentView): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const agents = unlinkedAgents(store, text);
  return (
    <Stack gap="xs">
      <TextInput
        label={t('agents.identity.dialog.agent')}
        placeholder={t('agents.identity.dialog.agentPlaceholder')}
        leftSection={<IconSearch size={14} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-autofocus
        spellCheck={false}
      />
      {agents.length === 0 ? (
        <Text size="sm" c="dimmed">{t('agents.identity.dialog.noAgents')}</Text>
      ) : (
        <PickerList
          label={t('agents.identity.dialog.unlinkedAgents')}
          items={agents}
          value={value?.agentId ?? null}
          keyOf={(a) => a.agentId}
          render={(a) => ({ label: `${a.name} · ${a.login}`, description: a.site ?? undefined })}
          onChange={onChange}
        />
      )}
    </Stack>
  );
}
