/** The first start follows the browser's or the system's language; a saved choice wins after that. */
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n, initialLanguage, preferredLanguage, saveLanguage } from './index.ts';

afterEach(() => localStorage.clear());

describe('the console language on first start', () => {
  it('is the first of the preferred languages the console speaks', () => {
    expect(initialLanguage(['en-US', 'en'])).toBe('en');
    expect(initialLanguage(['ru-RU', 'en-US'])).toBe('ru');
    expect(initialLanguage(['de-DE', 'en-GB', 'ru'])).toBe('en');
    expect(initialLanguage(['RU'])).toBe('ru');
    expect(preferredLanguage(['en_US'])).toBe('en');
  });

  it('is Russian when the preferences name neither language, or none are known', () => {
    expect(initialLanguage(['de-DE', 'fr'])).toBe('ru');
    expect(initialLanguage([])).toBe('ru');
  });

  it("reads the browser's own list by default (jsdom's is English), and a saved choice wins over it", () => {
    expect(navigator.languages[0]).toMatch(/^en/);
    expect(initialLanguage()).toBe('en');
    saveLanguage('ru');
    expect(initialLanguage(['en-US'])).toBe('ru');
    expect(createI18n().language).toBe('ru');
  });
});
