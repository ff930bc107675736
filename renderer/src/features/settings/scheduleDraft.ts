// The schedule editor's draft: the settings as the operator edits them (the zone either one
// of the five presets or any IANA zone typed in), checked before the engine is asked.
import { isIanaZone, scheduleZonePresets, type ScheduleSettings } from '../../../../core/contract/index.ts';

export const OTHER_ZONE = 'other';

export interface ScheduleDraft {
  settings: ScheduleSettings;
  /** A preset zone, or OTHER_ZONE when `otherZone` holds the zone. */
  zoneChoice: string;
  otherZone: string;
}

export type ScheduleProblems = Partial<Record<'time' | 'zone', 'time' | 'zone'>>;

export function draftOf(settings: ScheduleSettings): ScheduleDraft {
  const preset = (scheduleZonePresets as readonly string[]).includes(settings.zone);
  return { settings, zoneChoice: preset ? settings.zone : OTHER_ZONE, otherZone: preset ? '' : settings.zone };
}

/** The settings the draft stands for (the zone resolved from the choice). */
export function settingsOf(d: ScheduleDraft): ScheduleSettings {
  return { ...d.settings, zone: d.zoneChoice === OTHER_ZONE ? d.otherZone.trim() : d.zoneChoice };
}

export function scheduleProblems(d: ScheduleDraft): ScheduleProblems {
  const s = settingsOf(d);
  const out: ScheduleProblems = {};
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.time)) out.time = 'time';
  if (!isIanaZone(s.zone)) out.zone = 'zone';
  return out;
}

export function sameSettings(a: ScheduleSettings, b: ScheduleSettings): boolean {
  return a.enabled === b.enabled && a.frequency === b.frequency && a.weekOfMonth === b.weekOfMonth && a.weekday === b.weekday && a.time === b.time && a.zone === b.zone;
}

/** Which of the settings' fields the frequency uses (the others keep their values, hidden). */
export function fieldsFor(frequency: ScheduleSettings['frequency']): { weekOfMonth: boolean; weekday: boolean } {
  return { weekOfMonth: frequency === 'monthly', weekday: frequency !== 'daily' };
}

export const zoneKeys: Record<string, string> = {
  'Europe/Moscow': 'moscow',
  'Asia/Yekaterinburg': 'yekaterinburg',
  'Asia/Novosibirsk': 'novosibirsk',
  'Asia/Vladivostok': 'vladivostok',
  'Europe/Kaliningrad': 'kaliningrad',
};
