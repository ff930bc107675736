// Settings: not built in this version; the section says so plainly.
import { useTranslation } from 'react-i18next';
import { NotBuilt } from '../../components/NotBuilt.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  return <NotBuilt section={t('app.nav.settings')} />;
}
