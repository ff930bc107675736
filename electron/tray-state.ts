/**
 * The tray, decided: the gateway's health, the plans waiting for approval and
 * the queue's pause state → which icon, which tooltip, which menu. main.ts only
 * turns the model into an Electron Tray and Menu and runs the chosen action.
 */
import { operationTypeSchema, type DesktopLink, type HealthStatus, type OperationTypeName, type QueueHealthInfo } from '../core/contract/index.ts';
import { text, type Lang } from './text.ts';

export type TrayHealth = 'healthy' | 'degraded' | 'failing' | 'unknown';
export const TRAY_HEALTH: readonly TrayHealth[] = ['healthy', 'degraded', 'failing', 'unknown'];

export interface TrayInputs {
  /** health.summary's overall status; null before the first read (or when it failed). */
  health: HealthStatus | null;
  /** The link to an attached gateway; 'local' for the desktop's own engine. */
  link: DesktopLink['state'];
  /** plans.list awaiting_approval total; null until read. */
  awaitingPlans: number | null;
  /** queue.health; null until read. */
  queue: Pick<QueueHealthInfo, 'pausedTypes'> | null;
  /** The attached gateway's URL, for the tooltip. */
  attachedTo: string | null;
  lang: Lang;
}

export type TrayAction = 'open' | 'plans' | 'pauseQueue' | 'resumeQueue' | 'quit';

export type TrayMenuItem = { type: 'separator' } | { type: 'item'; action: TrayAction; label: string; enabled: boolean };

export interface TrayModel {
  icon: TrayHealth;
  tooltip: string;
  menu: TrayMenuItem[];
}

const ALL_TYPES = operationTypeSchema.options;

export function trayHealth(health: HealthStatus | null, link: DesktopLink['state']): TrayHealth {
  // An attached app that cannot reach its gateway knows nothing good about it.
  if (link === 'refused' || link === 'reconnecting') return 'failing';
  if (link === 'connecting') return 'unknown';
  switch (health) {
    case 'healthy':
      return 'healthy';
    case 'degraded':
      return 'degraded';
    case 'unhealthy':
      return 'failing';
    default:
      return 'unknown';
  }
}

export function trayModel(i: TrayInputs): TrayModel {
  const t = text[i.lang];
  const icon = trayHealth(i.health, i.link);
  const tooltip = [`${t.appName}: ${t.health[icon]}`, i.attachedTo ? t.tooltipAttached(i.attachedTo) : null].filter(Boolean).join(' — ');
  const item = (action: TrayAction, label: string, enabled = true): TrayMenuItem => ({ type: 'item', action, label, enabled });
  const paused = i.queue?.pausedTypes.length ?? 0;
  const queueItem =
    i.queue === null
      ? item('pauseQueue', t.menu.pause, false)
      : paused === 0
        ? item('pauseQueue', t.menu.pause)
        : paused >= ALL_TYPES.length
          ? item('resumeQueue', t.menu.resume)
          : item('resumeQueue', t.menu.resumePartly(paused, ALL_TYPES.length));
  return {
    icon,
    tooltip,
    menu: [
      item('open', t.menu.open),
      item('plans', t.menu.plans(i.awaitingPlans ?? 0)),
      queueItem,
      { type: 'separator' },
      item('quit', t.menu.quit),
    ],
  };
}

/**
 * "Pause the queue" pauses every kind of operation not paused yet; "resume"
 * resumes every paused one (running work finishes either way).
 */
export function queueToggleCalls(action: 'pauseQueue' | 'resumeQueue', queue: Pick<QueueHealthInfo, 'pausedTypes'>): Array<{ method: 'queue.pause' | 'queue.resume'; type: OperationTypeName }> {
  const paused = new Set(queue.pausedTypes.map((p) => p.type));
  if (action === 'pauseQueue') return ALL_TYPES.filter((type) => !paused.has(type)).map((type) => ({ method: 'queue.pause', type }));
  return ALL_TYPES.filter((type) => paused.has(type)).map((type) => ({ method: 'queue.resume', type }));
}

/** Where a tray action leads in the console. */
export const TRAY_ROUTES: Partial<Record<TrayAction, string>> = { open: '', plans: '#/plans' };
