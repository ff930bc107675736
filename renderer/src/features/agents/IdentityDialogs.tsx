// The fixes of the identity report, each confirmed with its consequence: link a login to an
// employee (picked from the directory, or one of the listed duplicates), mark a login "not an
// employee", give an employee the login of an unlinked MCE agent, remove a manual link. The
// gateway's refusal is shown verbatim in the dialog; on success the report refetches (the
// commands invalidate 'agents.').
import { Alert, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentLink, AgentView, IdentityEmployee } from '../../../../core/contract/index.ts';
import { useContractMutation } from '../../client/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import type { AgentStore } from './agentStore.ts';
import { AgentPicker, EmployeePicker, type PickedEmployee } from './Pickers.tsx';

export type IdentityAction =
  /** Link a login to an employee: picked in the dialog, or the one given (a duplicate chosen in the row). */
  | { type: 'link'; login: string; employee?: PickedEmployee }
  | { type: 'notEmployee'; login: string }
  /** An employee whose 1C login MCE lacks: give it the login of an agent no employee has. */
  | { type: 'linkAgent'; employee: IdentityEmployee }
  | { type: 'unlink'; link: AgentLink };

function Failure({ error }: { error: unknown }) {
  return (
    <Alert color="red" variant="light" role="alert" mt="sm">
      <GatewayErrorText error={error} />
    </Alert>
  );
}

export function IdentityActionDialog({ action, store, onClose }: { action: IdentityAction | null; store: AgentStore; onClose(): void }) {
  // A fresh dialog (picker, error) for each action.
  if (action === null) return null;
  const key = action.type === 'linkAgent' ? `${action.type}:${action.employee.externalId}` : `${action.type}:${action.type === 'unlink' ? action.link.login : action.login}`;
  return <ActionDialog key={key} action={action} store={store} onClose={onClose} />;
}

function ActionDialog({ action, store, onClose }: { action: IdentityAction; store: AgentStore; onClose(): void }) {
  const { t } = useTranslation();
  const [employee, setEmployee] = useState<PickedEmployee | null>(action.type === 'link' ? (action.employee ?? null) : null);
  const [agent, setAgent] = useState<AgentView | null>(null);
  const link = useContractMutation('agents.link', {
    onSuccess: (l) => {
      notifications.show({ color: 'green', message: l.externalId === null ? t('agents.identity.done.notEmployee', { login: l.login }) : t('agents.identity.done.linked', { login: l.login, name: l.employee?.name ?? l.externalId }) });
      onClose();
    },
  });
  const unlink = useContractMutation('agents.unlink', {
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t('agents.identity.done.unlinked', { login: r.login }) });
      onClose();
    },
  });
  const busy = link.isPending || unlink.isPending;
  const error = link.error ?? unlink.error;

  switch (action.type) {
    case 'link':
      return (
        <ConfirmDialog
          opened
          title={t('agents.identity.dialog.linkTitle', { login: action.login })}
          confirmLabel={t('agents.identity.dialog.link')}
          busy={busy}
          confirmDisabled={employee === null}
          onConfirm={() => employee && link.mutate({ login: action.login, externalId: employee.externalId })}
          onClose={onClose}
        >
          <Stack gap="sm">
            {!action.employee && <EmployeePicker value={employee} onChange={setEmployee} />}
            {employee && <Text size="sm" data-testid="consequence">{t('agents.identity.dialog.linkConsequence', { login: action.login, name: employee.name, tabN: employee.tabN })}</Text>}
          </Stack>
          {error && <Failure error={error} />}
        </ConfirmDialog>
      );
    case 'linkAgent':
      return (
        <ConfirmDialog
          opened
          title={t('agents.identity.dialog.linkAgentTitle', { name: action.employee.name })}
          confirmLabel={t('agents.identity.dialog.link')}
          busy={busy}
          confirmDisabled={agent === null}
          onConfirm={() => agent && link.mutate({ login: agent.login, externalId: action.employee.externalId })}
          onClose={onClose}
        >
          <Stack gap="sm">
            <AgentPicker store={store} value={agent} onChange={setAgent} />
            {agent && <Text size="sm" data-testid="consequence">{t('agents.identity.dialog.linkConsequence', { login: agent.login, name: action.employee.name, tabN: action.employee.tabN })}</Text>}
          </Stack>
          {error && <Failure error={error} />}
        </ConfirmDialog>
      );
    case 'notEmployee':
      return (
        <ConfirmDialog
          opened
          title={t('agents.identity.dialog.notEmployeeTitle', { login: action.login })}
          confirmLabel={t('agents.identity.dialog.notEmployeeConfirm')}
          busy={busy}
          onConfirm={() => link.mutate({ login: action.login, externalId: null })}
          onClose={onClose}
        >
          <Text size="sm" data-testid="consequence">{t('agents.identity.dialog.notEmployeeBody')}</Text>
          {error && <Failure error={error} />}
        </ConfirmDialog>
      );
    case 'unlink':
      return (
        <ConfirmDialog
          opened
          title={t('agents.identity.dialog.unlinkTitle', { login: action.link.login })}
          confirmLabel={t('agents.identity.dialog.unlinkConfirm')}
          color="red"
          busy={busy}
          onConfirm={() => unlink.mutate({ login: action.link.login })}
          onClose={onClose}
        >
          <Text size="sm" data-testid="consequence">
            {action.link.externalId === null ? t('agents.identity.dialog.unlinkNotEmployeeBody') : t('agents.identity.dialog.unlinkBody', { name: action.link.employee?.name ?? action.link.externalId })}
          </Text>
          {error && <Failure error={error} />}
        </ConfirmDialog>
      );
  }
}
