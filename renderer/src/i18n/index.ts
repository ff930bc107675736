// One i18n layer for the whole console: Russian first, English second.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ru } from './ru.ts';
import { en } from './en.ts';

export const languages = ['ru', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'argus.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The first of the browser's (in Electron: the system's) preferred languages that the console speaks. */
export function preferredLanguage(preferences: readonly string[]): Language | null {
  for (const tag of preferences) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return null;
}

function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

/**
 * The operator's saved choice; on first start the browser's or the system's
 * language (Russian or English, whichever comes first in its preferences); else
 * Russian, which most operators read first.
 */
export function initialLanguage(preferences: readonly string[] = browserLanguages()): Language {
  try {
    const saved = globalThis.localStorage?.getItem(storageKey);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be unavailable (privacy mode); the preferences still decide.
  }
  return preferredLanguage(preferences) ?? 'ru';
}

export function saveLanguage(lng: Language): void {
  try {
    globalThis.localStorage?.setItem(storageKey, lng);
  } catch {
    // Not fatal: the choice just does not survive a reload.
  }
}

/** A fresh, synchronously ready instance (tests create their own). */
export function createI18n(lng: Language = initialLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { ru: { translation: ru }, en: { translation: en } },
    lng,
    fallbackLng: 'ru',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    react: { useSuspense: false },
  });
  return instance;
}
