import { describe, expect, it } from 'vitest';
import { operationTypeSchema, type PausedType } from '../core/contract/index.ts';
import { langFrom } from './text.ts';
import { queueToggleCalls, trayHealth, trayModel, type TrayInputs } from './tray-state.ts';

const paused = (...types: PausedType['type'][]): PausedType[] => types.map((type) => ({ type, pausedAt: '2026-03-02T10:00:00Z', pausedBy: 'x' }));
const base: TrayInputs = { health: 'healthy', link: 'local', awaitingPlans: 0, queue: { pausedTypes: [] }, attachedTo: null, lang: 'en' };
const labels = (i: Partial<TrayInputs>) => trayModel({ ...base, ...i }).menu.map((m) => (m.type === 'separator' ? '—' : `${m.action}:${m.label}${m.enabled ? '' : ' (disabled)'}`));

describe('the tray', () => {
  it('shows the overall health: healthy, degraded, failing, unknown before the first read', () => {
    expect(trayHealth('healthy', 'local')).toBe('healthy');
    expect(trayHealth('degraded', 'local')).toBe('degraded');
    expect(trayHealth('unhealthy', 'local')).toBe('failing');
    expect(trayHealth('unknown', 'local')).toBe('unknown');
    expect(trayHealth(null, 'local')).toBe('unknown');
  });

  it('attached: an unreachable or refusing gateway is failing whatever it said last; connecting is unknown', () => {
    expect(trayHealth('healthy', 'reconnecting')).toBe('failing');
    expect(trayHealth('healthy', 'refused')).toBe('failing');
    expect(trayHealth('healthy', 'connecting')).toBe('unknown');
    expect(trayHealth('degraded', 'open')).toBe('degraded');
    expect(trayModel({ ...base, health: 'degraded', link: 'open', attachedTo: 'https://gw:8787' }).tooltip).toBe('Argus Integration Gateway: degraded — attached to https://gw:8787');
  });

  it('offers the console, the plans waiting (with their count), pause or resume, and quit', () => {
    expect(labels({ awaitingPlans: 3 })).toEqual(['open:Open the console', 'plans:Plans waiting for approval: 3', 'pauseQueue:Pause the queue', '—', 'quit:Quit']);
    expect(labels({ awaitingPlans: 0 })[1]).toBe('plans:No plans waiting for approval');
    expect(labels({ queue: null })[2]).toBe('pauseQueue:Pause the queue (disabled)');
    expect(labels({ queue: { pausedTypes: paused(...operationTypeSchema.options) } })[2]).toBe('resumeQueue:Resume the queue');
    expect(labels({ queue: { pausedTypes: paused('schedule_upload', 'plan_apply') } })[2]).toBe('resumeQueue:Resume the queue (2 of 6 kinds paused)');
  });

  it('speaks Russian, with the tooltip saying the state', () => {
    const m = trayModel({ ...base, lang: 'ru', health: 'unhealthy', awaitingPlans: 2, queue: { pausedTypes: paused('plan_apply') } });
    expect(m.icon).toBe('failing');
    expect(m.tooltip).toBe('Argus Integration Gateway: сбой');
    expect(m.menu.flatMap((x) => (x.type === 'item' ? [x.label] : []))).toEqual(['Открыть консоль', 'Планы на утверждение: 2', 'Возобновить очередь (приостановлено типов: 1 из 6)', 'Выйти']);
  });

  it('pauses every kind not paused yet, resumes every paused one', () => {
    const q = { pausedTypes: paused('plan_apply') };
    const pause = queueToggleCalls('pauseQueue', q);
    expect(pause).toHaveLength(5);
    expect(pause.every((c) => c.method === 'queue.pause' && c.type !== 'plan_apply')).toBe(true);
    expect(queueToggleCalls('resumeQueue', q)).toEqual([{ method: 'queue.resume', type: 'plan_apply' }]);
    expect(queueToggleCalls('resumeQueue', { pausedTypes: [] })).toEqual([]);
  });

  it('takes the language from the system until the console tells its own', () => {
    expect(langFrom(['ru-RU', 'en-US'])).toBe('ru');
    expect(langFrom(['de-DE', 'en-GB'])).toBe('en');
    expect(langFrom(['uk-UA'])).toBe('en');
    expect(langFrom([])).toBe('en');
  });
});
