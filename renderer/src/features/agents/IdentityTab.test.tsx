import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AgentLink, Employee, Input, ParsedInput } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { AgentsPage } from './AgentsPage.tsx';
import { agent, employee, identityRow, list, report, T0 } from './fixtures.ts';

const rows = [
  identityRow('agent_without_employee', 'op1017', { agent: { agentId: 'a17', name: 'Соколов Иван', state: 'talking', site: 'Москва' } }),
  identityRow('employee_without_agent', 'ivanova.mp', { employees: [employee('E1', { name: 'Иванова Мария Петровна', login: 'ivanova.mp' })] }),
  identityRow('duplicate_login', 'op1042', {
    agent: { agentId: 'a42', name: 'Петров Сергей', state: 'available', site: 'Казань' },
    employees: [employee('E42', { name: 'Петров Сергей Алексеевич', login: 'op1042' }), employee('E43', { name: 'Петрова Светлана Андреевна', login: 'OP1042' })],
  }),
  identityRow('deactivated_in_mce', 'op1099', { agent: { agentId: 'a99', name: 'Волкова Ольга', state: 'break', site: null }, employees: [employee('E99', { name: 'Волкова Ольга Сергеевна', active: false })] }),
];
const links: AgentLink[] = [
  { login: 'op1003', externalId: 'E3', createdBy: 'Анна Смирнова', createdAt: T0, employee: employee('E3', { name: 'Кузнецов Пётр Николаевич' }) },
  { login: 'svc_recorder', externalId: null, createdBy: 'Анна Смирнова', createdAt: T0, employee: null },
];

function directoryEmployee(externalId: string, fullName: string, tabN: string): Employee {
  return {
    externalId, tabN, fullName, lastName: '', firstName: '', secondName: '', hireDate: '2020-01-01', terminationDate: null, positionId: null, positionName: null, positionChangeDate: null,
    departmentId: 'D1', departmentName: 'Контакт-центр', rate: 1, normWeek: 40, normWeekChangeDate: null, login: null, sn: null, dbId: null, area: null, active: true,
    createdAt: T0, updatedAt: T0, deactivatedAt: null,
  };
}

interface Log {
  identity: Array<ParsedInput<'agents.identity'>>;
  link: Array<Input<'agents.link'>>;
  unlink: Array<Input<'agents.unlink'>>;
}

function handlers(log: Log, over: FakeHandlers = {}): FakeHandlers {
  return {
    'agents.list': () => list([agent('u1', { name: 'Жуков Дан', login: 'zhukov.d' }), agent('u2', { name: 'Орлова Ия', login: 'orlova' }), agent('l1', { name: 'Linked', employee: { ...employee('E7'), link: 'login' } })]),
    'agents.identity': (input) => {
      log.identity.push(input);
      const matching = rows.filter((r) => !input.kind || r.kind === input.kind).filter((r) => !input.search || r.login.includes(input.search));
      return report(matching, { counts: { agent_without_employee: 162, employee_without_agent: 1, duplicate_login: 1, deactivated_in_mce: 1 }, total: matching.length, links });
    },
    'directory.search': ({ query }) => ({ employees: query.startsWith('Сок') ? [directoryEmployee('E30000', 'Соколов Иван Иванович', '003000'), directoryEmployee('E30001', 'Соколова Ирина Павловна', '003001')] : [] }),
    'agents.link': (input) => {
      log.link.push(input);
      return { login: input.login, externalId: input.externalId, createdBy: 'tester', createdAt: T0, employee: input.externalId ? employee(input.externalId, { name: 'Соколов Иван Иванович' }) : null };
    },
    'agents.unlink': (input) => {
      log.unlink.push(input);
      return { login: input.login, removed: true };
    },
    ...over,
  };
}

const newLog = (): Log => ({ identity: [], link: [], unlink: [] });

async function openIdentity(log: Log, over: FakeHandlers = {}, language: 'en' | 'ru' = 'en') {
  const r = renderConsole(<AgentsPage tab="identity" />, { handlers: handlers(log, over), language });
  await screen.findByRole('table', { name: language === 'en' ? 'Discrepancies' : 'Расхождения' });
  return r;
}

describe('Agents: the identity tab', () => {
  it('counts discrepancies per kind and lists them; a kind filters the report, and the search goes to the gateway', async () => {
    const log = newLog();
    await openIdentity(log);
    const kinds = screen.getByRole('group', { name: 'Discrepancies by kind' });
    expect(within(kinds).getByRole('button', { name: 'Agent without employee: 162' })).toBeTruthy();
    // A filled directory: no note about an empty one.
    expect(screen.queryByRole('note', { name: 'The employee directory is empty' })).toBeNull();
    expect(within(kinds).getByRole('button', { name: 'Login shared by several: 1' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: /Identity/ }).getAttribute('aria-selected')).toBe('true');
    const table = screen.getByRole('table', { name: 'Discrepancies' });
    expect(within(table).getAllByRole('row')).toHaveLength(5);

    fireEvent.click(within(kinds).getByRole('button', { name: 'Login shared by several: 1' }));
    await waitFor(() => expect(log.identity.at(-1)).toEqual({ kind: 'duplicate_login', offset: 0, limit: 50 }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Discrepancies' })).getAllByRole('row')).toHaveLength(2));

    fireEvent.change(screen.getByRole('textbox', { name: 'Search by login, name, tab number or code' }), { target: { value: ' op10 ' } });
    await waitFor(() => expect(log.identity.at(-1)).toEqual({ kind: 'duplicate_login', search: 'op10', offset: 0, limit: 50 }));
  });

  it('says when the directory is empty (no sync applied yet) and leads to the sync plans', async () => {
    const log = newLog();
    await openIdentity(log, { 'agents.identity': () => report([identityRow('agent_without_employee', 'op1')], { directoryEmployees: 0 }) });
    const note = screen.getByRole('note', { name: 'The employee directory is empty' });
    expect(within(note).getByRole('link', { name: 'Generate and apply a sync plan →' }).getAttribute('href')).toBe('#/plans');
  });

  it('opens searching for the login a live row asked for', async () => {
    window.location.hash = '#/agents/identity?search=op1099';
    const log = newLog();
    await openIdentity(log);
    expect((screen.getByRole('textbox', { name: 'Search by login, name, tab number or code' }) as HTMLInputElement).value).toBe('op1099');
    await waitFor(() => expect(log.identity.some((i) => i.search === 'op1099')).toBe(true));
  });

  it('links a login to an employee picked from the directory, saying what it means first', async () => {
    const log = newLog();
    await openIdentity(log);
    const before = log.identity.length;
    fireEvent.click(screen.getByRole('button', { name: 'Link login “op1017” to an employee' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link login “op1017” to an employee' });
    expect((within(dialog).getByRole('button', { name: 'Link' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Employee' }), { target: { value: 'Сокол' } });
    fireEvent.click(await within(dialog).findByRole('radio', { name: 'Соколов Иван Иванович · 003000' }));
    expect(within(dialog).getByTestId('consequence').textContent).toBe('Login “op1017” will belong to Соколов Иван Иванович (tab number 003000). A manual link wins over logins matching in 1C; the agent’s states will count for this employee.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(log.link).toEqual([{ login: 'op1017', externalId: 'E30000' }]));
    expect(await screen.findByText('Login “op1017” linked to Соколов Иван Иванович.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The commands invalidate 'agents.': the report is asked for again.
    await waitFor(() => expect(log.identity.length).toBeGreaterThan(before));
  });

  it('picks which of the employees sharing a login it belongs to', async () => {
    const log = newLog();
    await openIdentity(log);
    fireEvent.click(screen.getByRole('button', { name: 'Login “op1042” belongs to Петрова Светлана Андреевна' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('textbox')).toBeNull();
    expect(within(dialog).getByTestId('consequence').textContent).toContain('Login “op1042” will belong to Петрова Светлана Андреевна (tab number T-E43)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(log.link).toEqual([{ login: 'op1042', externalId: 'E43' }]));
  });

  it('marks a login as not an employee after confirming the consequence', async () => {
    const log = newLog();
    await openIdentity(log, {}, 'ru');
    fireEvent.click(screen.getByRole('button', { name: 'Отметить логин «op1099» как «не сотрудник»' }));
    const dialog = await screen.findByRole('dialog', { name: 'Логин «op1099» — не сотрудник?' });
    expect(within(dialog).getByTestId('consequence').textContent).toContain('пропадёт из отчёта о расхождениях');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Отметить «не сотрудник»' }));
    await waitFor(() => expect(log.link).toEqual([{ login: 'op1099', externalId: null }]));
    expect(await screen.findByText('Логин «op1099» отмечен как «не сотрудник».')).toBeTruthy();
  });

  it('gives an employee without an agent the login of an agent MCE reports unlinked', async () => {
    const log = newLog();
    await openIdentity(log);
    fireEvent.click(screen.getByRole('button', { name: 'Give Иванова Мария Петровна an MCE login' }));
    const dialog = await screen.findByRole('dialog', { name: 'MCE login for Иванова Мария Петровна' });
    // Only agents without an employee are offered.
    await within(dialog).findByRole('radio', { name: 'Жуков Дан · zhukov.d' });
    expect(within(dialog).queryByRole('radio', { name: /Linked/ })).toBeNull();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'MCE agent' }), { target: { value: 'орлов' } });
    expect(within(dialog).queryByRole('radio', { name: 'Жуков Дан · zhukov.d' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Орлова Ия · orlova' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(log.link).toEqual([{ login: 'orlova', externalId: 'E1' }]));
  });

  it('removes a manual link after confirming, and lists "not an employee" marks', async () => {
    const log = newLog();
    await openIdentity(log);
    const section = screen.getByRole('region', { name: 'Manual links' });
    expect(within(section).getByText('not an employee')).toBeTruthy();
    fireEvent.click(within(section).getByRole('button', { name: 'Remove the manual link of login “op1003”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the manual link of login “op1003”?' });
    expect(within(dialog).getByTestId('consequence').textContent).toContain('will no longer belong to Кузнецов Пётр Николаевич');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove link' }));
    await waitFor(() => expect(log.unlink).toEqual([{ login: 'op1003' }]));
    expect(await screen.findByText('Manual link of login “op1003” removed.')).toBeTruthy();
  });

  it('shows the gateway’s refusal verbatim and keeps the dialog open', async () => {
    const log = newLog();
    await openIdentity(log, { 'agents.link': () => { throw gatewayError('link_refused', 'Employee E30000 is deactivated: link an active employee.'); } });
    fireEvent.click(screen.getByRole('button', { name: 'Mark login “op1017” as not an employee' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark as not an employee' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Employee E30000 is deactivated: link an active employee.');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
