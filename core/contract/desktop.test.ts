import { describe, expect, it } from 'vitest';
import { consoleRouteSchema, desktopEvents, desktopMethods, events, isDesktopMethodName, methods, NOTIFICATION_KINDS, notificationSwitchesSchema, setNotificationsInput } from './index.ts';

describe('desktop contract', () => {
  it('never shares a name with the gateway contract (both ride the same IPC channels)', () => {
    for (const name of Object.keys(desktopMethods)) {
      expect(name).toMatch(/^desktop\.[a-zA-Z]+$/);
      expect(Object.hasOwn(methods, name)).toBe(false);
    }
    for (const name of Object.keys(desktopEvents)) expect(Object.hasOwn(events, name)).toBe(false);
    expect(isDesktopMethodName('desktop.settings')).toBe(true);
    expect(isDesktopMethodName('plans.list')).toBe(false);
    expect(isDesktopMethodName('__proto__')).toBe(false);
  });

  it('has a switch for every notification kind, and takes only known ones', () => {
    expect(Object.keys(notificationSwitchesSchema.shape).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(setNotificationsInput.safeParse({ linkDown: false }).success).toBe(true);
    expect(setNotificationsInput.safeParse({ everything: false }).success).toBe(false);
  });

  it('lets a notification lead only to a console route', () => {
    for (const ok of ['#/plans/12', '#/queue?status=failed', '#/health', '#/audit']) expect(consoleRouteSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['https://evil.example/', 'javascript:alert(1)', '#/x<script>', '/plans', '#/a b']) expect(consoleRouteSchema.safeParse(bad).success).toBe(false);
  });
});
