// Numbers: grouped by locale, tabular, right-aligned where they sit in a column.
import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.ts';

export function Num({ value, dim = false }: { value: number; dim?: boolean }) {
  const { i18n } = useTranslation();
  return <span className={dim && value === 0 ? 'tnum dim' : 'tnum'}>{formatNumber(value, i18n.language)}</span>;
}
