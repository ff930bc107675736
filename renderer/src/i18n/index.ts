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

/** The saved choice, else Russian: most operators read Russian first. */
export function initialLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(storageKey);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be unavailable (privacy mode); the default is fine.
  }
  return 'ru';
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
