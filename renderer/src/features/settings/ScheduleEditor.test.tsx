import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Input, ScheduleInfo, ScheduleSettings } from '../../../../core/contract/index.ts';
import type { FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { draftOf, scheduleProblems, settingsOf } from './scheduleDraft.ts';
import { SettingsPage } from './SettingsPage.tsx';

const saved: ScheduleInfo = {
  settings: { enabled: true, frequency: 'monthly', weekOfMonth: 'last', weekday: 6, time: '01:30', zone: 'Europe/Moscow' },
  nextRuns: ['2026-03-27T22:30:00.000Z', '2026-04-24T22:30:00.000Z', '2026-05-29T22:30:00.000Z', '2026-06-26T22:30:00.000Z', '2026-07-24T22:30:00.000Z'],
  zone: 'Europe/Moscow',
  lastRunAt: null,
};

const weeklyRuns = ['2026-03-08T23:00:00.000Z', '2026-03-15T23:00:00.000Z', '2026-03-22T23:00:00.000Z', '2026-03-29T23:00:00.000Z', '2026-04-05T23:00:00.000Z'];

function handlers(log: { previews: ScheduleSettings[]; set?: Input<'schedule.set'> }): FakeHandlers {
  let info = saved;
  return {
    'schedule.get': () => info,
    'schedule.preview': ({ settings }) => {
      log.previews.push(settings);
      return { nextRuns: settings.frequency === 'weekly' ? weeklyRuns : saved.nextRuns };
    },
    'schedule.set': (input) => {
      log.set = input;
      info = { ...info, settings: input.settings, zone: input.settings.zone, nextRuns: weeklyRuns };
      return info;
    },
  };
}

const runTexts = () => within(screen.getByRole('list', { name: 'The next five runs' })).getAllByRole('listitem').map((li) => li.textContent ?? '');

describe('schedule draft', () => {
  it('reads a preset zone or any IANA zone typed in, and checks both and the time', () => {
    const d = draftOf({ ...saved.settings, zone: 'Asia/Omsk' });
    expect(d.zoneChoice).toBe('other');
    expect(settingsOf(d).zone).toBe('Asia/Omsk');
    expect(scheduleProblems(d)).toEqual({});
    expect(scheduleProblems({ ...d, otherZone: 'Mars/Olympus' })).toEqual({ zone: 'zone' });
    expect(scheduleProblems({ ...d, settings: { ...d.settings, time: '' } })).toEqual({ time: 'time' });
    expect(draftOf(saved.settings).zoneChoice).toBe('Europe/Moscow');
  });
});

describe('Settings: schedule editor', () => {
  it('shows the saved schedule with its next five runs in its zone', async () => {
    renderConsole(<SettingsPage />, { handlers: handlers({ previews: [] }), zone: 'UTC' });
    await screen.findByRole('list', { name: 'The next five runs' });
    // 2026-03-27T22:30Z is Saturday 28 March 01:30 in Moscow, whatever zone the console shows.
    expect(runTexts()[0]).toContain('28 Mar 2026 01:30');
    expect(runTexts()[0]).toContain('MSK (Europe/Moscow)');
    expect(runTexts()).toHaveLength(5);
    expect((screen.getByRole('combobox', { name: 'Week of the month' }) as HTMLSelectElement).value).toBe('last');
    expect((screen.getByRole('combobox', { name: 'Weekday' }) as HTMLSelectElement).value).toBe('6');
  });

  it('previews the next runs of an edit in its new zone, then saves it', async () => {
    const log: { previews: ScheduleSettings[]; set?: Input<'schedule.set'> } = { previews: [] };
    renderConsole(<SettingsPage />, { handlers: handlers(log) });
    await screen.findByRole('list', { name: 'The next five runs' });
    fireEvent.click(screen.getByRole('radio', { name: 'Weekly' }));
    expect(screen.queryByRole('combobox', { name: 'Week of the month' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Weekday' }), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '09:00' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Time zone' }), { target: { value: 'Asia/Vladivostok' } });

    await screen.findByText('Next runs of the unsaved settings');
    await waitFor(() => expect(runTexts()[0]).toContain('9 Mar 2026 09:00'));
    expect(runTexts()[0]).toContain('VLAT (Asia/Vladivostok)');
    const edited = { enabled: true, frequency: 'weekly', weekOfMonth: 'last', weekday: 1, time: '09:00', zone: 'Asia/Vladivostok' };
    expect(log.previews.at(-1)).toEqual(edited);

    fireEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => expect(log.set).toEqual({ settings: edited }));
    expect(await screen.findByText('Schedule saved.')).toBeTruthy();
  });

  it('takes any IANA zone, refuses an unknown one before saving', async () => {
    const log: { previews: ScheduleSettings[]; set?: Input<'schedule.set'> } = { previews: [] };
    renderConsole(<SettingsPage />, { handlers: handlers(log) });
    await screen.findByRole('list', { name: 'The next five runs' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Time zone' }), { target: { value: 'other' } });
    const zone = screen.getByRole('textbox', { name: /IANA zone/ });
    fireEvent.change(zone, { target: { value: 'Mars/Olympus' } });
    expect(await screen.findByText('There is no such IANA zone. Example: Asia/Omsk.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save schedule' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(zone, { target: { value: 'Asia/Omsk' } });
    await waitFor(() => expect(log.previews.at(-1)?.zone).toBe('Asia/Omsk'));
    expect(log.previews.some((s) => s.zone === 'Mars/Olympus')).toBe(false);
  });
});
