// In the desktop app only: the screen a clicked notification or the tray asks for, and the
// console's language told to the main process (its tray menu and notifications follow it).
import { useEffect } from 'react';
import { useConsoleClient } from '../client/index.ts';
import { usePrefs } from './prefs.ts';
import { navigate } from './router.ts';

export function DesktopBridge() {
  const desktop = useConsoleClient().desktop;
  const language = usePrefs((s) => s.language);
  useEffect(() => desktop?.subscribe('desktop.navigate', ({ to }) => navigate(to)), [desktop]);
  useEffect(() => {
    // Not worth an error on screen: the tray keeps its language until the next change.
    desktop?.call('desktop.setLanguage', { language }).catch(() => undefined);
  }, [desktop, language]);
  return null;
}
