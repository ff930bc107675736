// Everything the app stands on: theme, i18n, the contract client, notifications.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import type { QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { useEffect, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ContractProvider, type ConsoleClient } from '../client/index.ts';
import { usePrefs } from './prefs.ts';
import { theme } from './theme.ts';

/** Keeps i18next and <html lang> in step with the language preference. */
function LanguageSync({ i18n }: { i18n: I18n }) {
  const language = usePrefs((s) => s.language);
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);
  return null;
}

export function Providers({ client, queryClient, i18n, children }: { client: ConsoleClient; queryClient: QueryClient; i18n: I18n; children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <I18nextProvider i18n={i18n}>
        <LanguageSync i18n={i18n} />
        <ContractProvider client={client} queryClient={queryClient}>
          <Notifications position="bottom-right" limit={3} autoClose={3500} />
          {children}
        </ContractProvider>
      </I18nextProvider>
    </MantineProvider>
  );
}
