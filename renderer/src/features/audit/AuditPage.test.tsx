import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntryView, Input, Output } from '../../../../core/contract/index.ts';
import type { FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { AuditPage } from './AuditPage.tsx';
import { fetchAuditCsv } from './exportCsv.ts';

function entry(id: number, over: Partial<AuditEntryView> = {}): AuditEntryView {
  return {
    id,
    at: new Date(Date.UTC(2026, 2, 2, 10, id)).toISOString(),
    actor: id % 2 ? 'Анна Смирнова' : 'tester',
    action: id % 3 === 0 ? 'plan.approved' : 'config.set',
    entityType: id % 3 === 0 ? 'plan' : 'config',
    entityId: String(id),
    before: null,
    after: { value: id },
    details: null,
    hash: `${id}`.padStart(64, 'a'),
    keyed: true,
    ...over,
  };
}

const log = [entry(1), entry(2), entry(3, { details: { comment: 'Проверено' } })];
type Verify = Output<'audit.verify'>;
type Head = Verify['head'];
const HASH = 'c'.repeat(64);
const matches: Head = { state: 'matches', lastId: 3, count: 3, hash: HASH, keyedFrom: 1, writtenAt: '2026-03-02T10:03:00.000Z', since: { id: 1, at: '2026-03-02T10:01:00.000Z' }, message: 'sealed head matches #3' };
const ok: Verify = {
  ok: true,
  rows: 3,
  lastId: 3,
  keyedFrom: 1,
  head: matches,
  message: 'audit chain intact: 3 rows verified, keyed (HMAC-SHA-256) from #1; sealed head matches #3',
  checkedAt: '2026-03-02T10:05:00.000Z',
  checkedBy: 'Анна (web console)',
};
const ANCHOR = `argus-audit-anchor:v1:3:3:${HASH}`;
const anchorOf = (lastVerification: Verify | null = null, anchor: string | null = ANCHOR): Output<'audit.anchor'> => ({ anchor, head: matches, lastVerification });

function handlers(over: FakeHandlers = {}): FakeHandlers {
  return {
    'audit.list': ({ search, action, offset, limit }) => {
      const rows = [...log].reverse().filter((e) => (!action || e.action === action) && (!search || JSON.stringify(e).includes(search)));
      return { total: rows.length, entries: rows.slice(offset, offset + limit) };
    },
    'audit.facets': () => ({ actions: ['config.set', 'plan.approved'], entityTypes: ['config', 'plan'], actors: ['Анна Смирнова', 'tester'] }),
    'audit.verify': () => ok,
    'audit.anchor': () => anchorOf(),
    ...over,
  };
}

/** The file's text with its BOM kept (Blob.text() drops it, Excel relies on it). */
async function fileText(blob: Blob): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await blob.arrayBuffer());
}

const listCalls = (calls: Array<{ method: string; input: unknown }>) => calls.filter((c) => c.method === 'audit.list').map((c) => c.input as Input<'audit.list'>);

describe('Audit screen', () => {
  it('lists entries newest first and opens one with its JSON', async () => {
    renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers() });
    const grid = await screen.findByRole('grid', { name: 'Audit log entries' });
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('gridcell')[0]!.textContent)).toEqual(['3', '2', '1']);
    expect(within(rows[0]!).getByText('plan.approved')).toBeTruthy();
    expect(screen.getByText('3 entries')).toBeTruthy();
    fireEvent.click(within(rows[0]!).getByText('plan.approved'));
    const drawer = await screen.findByRole('dialog', { name: 'Audit entry #3' });
    expect(within(drawer).getByLabelText('Details').textContent).toContain('"comment": "Проверено"');
  });

  it('sends the search term to audit.list', async () => {
    const r = renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers() });
    await screen.findByRole('grid', { name: 'Audit log entries' });
    fireEvent.change(screen.getByRole('textbox', { name: 'Search the log' }), { target: { value: 'Проверено' } });
    await waitFor(() => expect(listCalls(r.client.calls).some((i) => i.search === 'Проверено')).toBe(true));
    await waitFor(() => expect(screen.getByText('1 entry')).toBeTruthy());
  });

  it('shows the verified chain in green: where the keyed part begins, the sealed head, when and by whom', async () => {
    renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers() });
    await waitFor(() => expect(screen.getByTestId('audit-chain').textContent).toContain('Chain verified: 3 entries'));
    const chain = screen.getByTestId('audit-chain');
    expect(chain.getAttribute('role')).toBe('status');
    expect(within(chain).getByTestId('audit-keyed').textContent).toBe("Every entry is keyed with the gateway's key (HMAC-SHA-256).");
    expect(within(chain).getByTestId('audit-head').textContent).toBe('Sealed head: matches the log: entry #3.');
    expect(chain.textContent).toContain('by Анна (web console)');
  });

  it('says in Russian when entries are missing at the end, though every remaining entry verifies', async () => {
    const cut: Verify = {
      ...ok,
      ok: false,
      rows: 2099,
      lastId: 2099,
      keyedFrom: 1001,
      head: { ...matches, state: 'truncated', lastId: 2102, count: 2102, message: 'the log ends at #2099 but #2102 was written: 3 rows are missing' },
      message: 'audit chain intact: 2099 rows verified; the log ends at #2099 but #2102 was written: 3 rows are missing',
      checkedBy: 'gatewayctl audit verify (cron, pid 77)',
    };
    renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers({ 'audit.verify': () => cut, 'audit.anchor': () => anchorOf(cut, null) }), language: 'ru' });
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('В конце журнала не хватает записей'));
    expect(within(alert).getByTestId('audit-head').textContent).toBe('Запечатанная вершина: журнал заканчивается на № 2099, а записана была № 2102: недостаёт 3 записей.');
    expect(within(alert).getByTestId('audit-keyed').textContent).toBe('С записи № 1001 — под ключом шлюза (HMAC-SHA-256); записи № 1–1000 сделаны раньше и проверяются по SHA-256.');
    expect(within(alert).queryByRole('button', { name: 'Показать запись' })).toBeNull();
    expect(screen.getByTestId('audit-anchor').textContent).toContain('Якорь сейчас взять нельзя');
  });

  it('says when the head is behind or missing without calling the log broken', async () => {
    const behind: Verify = { ...ok, rows: 5, lastId: 5, head: { ...matches, state: 'behind' } };
    renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers({ 'audit.verify': () => behind }) });
    await waitFor(() => expect(screen.getByTestId('audit-head').textContent).toBe(
      'Sealed head: is behind: it names #3, the log goes on to #5 (a process stopped between a commit and the head update; the next entry moves it on).',
    ));
    expect(screen.getByTestId('audit-chain').getAttribute('role')).toBe('status');
  });

  it('shows the last recorded verification, marked as previous, while a new one runs', async () => {
    const cron: Verify = { ...ok, rows: 1200, lastId: 1200, checkedBy: 'gatewayctl audit verify (cron, pid 77)', checkedAt: '2026-03-02T03:00:00.000Z' };
    let finish: (v: Verify) => void = () => {};
    renderConsole(<AuditPage tableHeight={400} />, {
      handlers: handlers({ 'audit.verify': () => new Promise<Verify>((r) => (finish = r)), 'audit.anchor': () => anchorOf(cron) }),
    });
    await waitFor(() => expect(screen.getByTestId('audit-chain').textContent).toContain('Verifying again… Below is the previous result.'));
    expect(screen.getByTestId('audit-chain').textContent).toContain('by gatewayctl audit verify (cron, pid 77)');
    expect(screen.getByTestId('audit-chain').textContent).toContain('Chain verified: 1,200 entries');
    await act(async () => finish(ok));
    await waitFor(() => expect(screen.getByTestId('audit-chain').textContent).toContain('by Анна (web console)'));
    expect(screen.getByTestId('audit-chain').textContent).not.toContain('Verifying again');
  });

  it('offers the anchor with a copy button', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    try {
      renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers() });
      const panel = await screen.findByTestId('audit-anchor');
      expect(within(panel).getByLabelText('Anchor line').textContent).toBe(ANCHOR);
      await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Copy' })));
      expect(writeText).toHaveBeenCalledWith(ANCHOR);
      await within(panel).findByRole('button', { name: 'Copied' });
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });

  it('lists a malformed entry with its problem and opens it as stored', async () => {
    log.push(entry(4, { details: '{broken', malformed: ['details'] }));
    try {
      renderConsole(<AuditPage tableHeight={400} />, { handlers: handlers() });
      const grid = await screen.findByRole('grid', { name: 'Audit log entries' });
      const row = within(grid).getAllByRole('row')[1]!;
      expect(within(row).getByText('Malformed: Details')).toBeTruthy();
      fireEvent.click(within(row).getByText('Malformed: Details'));
      const drawer = await screen.findByRole('dialog', { name: 'Audit entry #4' });
      expect(within(drawer).getByRole('alert').textContent).toContain('(Details): shown as stored');
      expect(within(drawer).getByLabelText('Details').textContent).toBe('{broken');
      expect(within(drawer).getByText("Entry hash (HMAC-SHA-256, under the gateway's key)")).toBeTruthy();
    } finally {
      log.pop();
    }
  });

  it('shows a broken chain with the first bad entry, and verifies again on request', async () => {
    let verifies = 0;
    const r = renderConsole(<AuditPage tableHeight={400} />, {
      handlers: handlers({
        'audit.verify': () => {
          verifies++;
          return {
            ...ok,
            ok: false,
            rows: 1,
            firstBadId: 2,
            problem: 'audit row 2 was altered: its hash does not match its content',
            message: 'audit row 2 was altered: its hash does not match its content; sealed head matches #3',
            checkedAt: '2026-03-02T10:06:00.000Z',
          };
        },
      }),
      language: 'ru',
    });
    await waitFor(() => expect(screen.getByTestId('audit-chain').textContent).toContain('Цепочка нарушена на записи № 2'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('audit row 2 was altered: its hash does not match its content');
    expect(alert.textContent).not.toContain('; sealed head matches');
    fireEvent.click(within(alert).getByRole('button', { name: 'Проверить снова' }));
    await waitFor(() => expect(verifies).toBe(2));
    fireEvent.click(within(alert).getByRole('button', { name: 'Показать запись' }));
    await screen.findByRole('dialog', { name: 'Запись аудита № 2' });
    expect(r.client.calls.filter((c) => c.method === 'audit.verify')).toHaveLength(2);
  });

  it('exports: fetches every page, reports progress and saves one file', async () => {
    const saved: Array<{ blob: Blob; name: string }> = [];
    renderConsole(<AuditPage tableHeight={400} save={(blob, name) => saved.push({ blob, name })} />, {
      handlers: handlers({ 'audit.exportCsv': ({ offset }) => ({ csv: offset === 0 ? '\uFEFFid\r\n3\r\n' : '2\r\n', rows: 1, total: 2, nextOffset: offset === 0 ? 1 : null }) }),
    });
    await screen.findByRole('grid', { name: 'Audit log entries' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export CSV' })));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toMatch(/^audit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}\.csv$/);
    expect(await fileText(saved[0]!.blob)).toBe('\uFEFFid\r\n3\r\n2\r\n');
  });
});

describe('fetchAuditCsv', () => {
  it('assembles pages in order, reports pages and rows of the total, and stops on cancel', async () => {
    const calls: number[] = [];
    const client = {
      call: async (_m: string, input: { offset: number; limit: number }) => {
        calls.push(input.offset);
        const rows = Math.min(input.limit, 5 - input.offset);
        const next = input.offset + rows;
        return { csv: `${input.offset === 0 ? '\uFEFFh\r\n' : ''}p${input.offset}\r\n`, rows, total: 5, nextOffset: next < 5 ? next : null };
      },
    } as unknown as Parameters<typeof fetchAuditCsv>[0];
    const progress: string[] = [];
    const blob = await fetchAuditCsv(client, { actor: 'Анна' }, (p) => progress.push(`${p.pages}:${p.rows}/${p.total}`), undefined, 2);
    expect(calls).toEqual([0, 2, 4]);
    expect(progress).toEqual(['1:2/5', '2:4/5', '3:5/5']);
    expect(await fileText(blob)).toBe('\uFEFFh\r\np0\r\np2\r\np4\r\n');

    const ctrl = new AbortController();
    calls.length = 0;
    await expect(fetchAuditCsv(client, {}, () => ctrl.abort(), ctrl.signal, 2)).rejects.toThrow('the export was cancelled');
    expect(calls).toEqual([0]);
  });
});
