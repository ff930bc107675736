// Entry: choose the transport (Electron IPC when the preload exposed window.gateway,
// else the headless host's WebSocket with the token from the URL) and mount the app.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { Providers } from './app/Providers.tsx';
import { createQueryClient } from './app/queryClient.ts';
import { usePrefs } from './app/prefs.ts';
import { createConsoleClient } from './client/index.ts';
import { createI18n } from './i18n/index.ts';

const client = createConsoleClient(window);
const queryClient = createQueryClient();
const i18n = createI18n(usePrefs.getState().language);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks <div id="root">');
createRoot(root).render(
  <Providers client={client} queryClient={queryClient} i18n={i18n}>
    <App />
  </Providers>,
);
