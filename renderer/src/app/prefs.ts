// UI preferences (language, display zone): the only client state besides live streams.
import { create } from 'zustand';
import { initialLanguage, saveLanguage, type Language } from '../i18n/index.ts';
import { browserZone, isValidZone } from '../components/format.ts';

const zoneKey = 'argus.zone';

function savedZone(): string | null {
  try {
    const z = globalThis.localStorage?.getItem(zoneKey);
    return z && isValidZone(z) ? z : null;
  } catch {
    return null;
  }
}

export interface Prefs {
  language: Language;
  /** IANA zone every instant is shown in. */
  zone: string;
  /** True once the operator picked a zone; until then the gateway's site zone may set it. */
  zoneChosen: boolean;
  setLanguage(lng: Language): void;
  setZone(zone: string, chosen?: boolean): void;
}

export const usePrefs = create<Prefs>((set) => {
  const saved = savedZone();
  return {
    language: initialLanguage(),
    zone: saved ?? browserZone(),
    zoneChosen: saved !== null,
    setLanguage(language) {
      saveLanguage(language);
      set({ language });
    },
    setZone(zone, chosen = true) {
      if (!isValidZone(zone)) return;
      if (chosen) {
        try {
          globalThis.localStorage?.setItem(zoneKey, zone);
        } catch {
          // Not fatal.
        }
      }
      set({ zone, zoneChosen: chosen });
    },
  };
});

/** Zones offered in the header: UTC, the browser's own, and the sites' zones. */
export const zoneChoices = [
  'UTC',
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Asia/Yekaterinburg',
  'Asia/Novosibirsk',
  'Asia/Vladivostok',
];
