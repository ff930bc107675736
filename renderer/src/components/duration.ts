// Compact durations for ages and attempt times: "850 ms", "42 s", "5 min", "3 h", "2 d".
const cache = new Map<string, Intl.NumberFormat>();

function unitFormat(locale: string, unit: string): Intl.NumberFormat {
  const key = `${locale}|${unit}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'second' ? 1 : 0 });
    cache.set(key, f);
  }
  return f;
}

export function formatDuration(ms: number, locale: string): string {
  const abs = Math.max(0, ms);
  if (abs < 1000) return unitFormat(locale, 'millisecond').format(Math.round(abs));
  if (abs < 60_000) return unitFormat(locale, 'second').format(abs < 10_000 ? Math.round(abs / 100) / 10 : Math.round(abs / 1000));
  if (abs < 3_600_000) return unitFormat(locale, 'minute').format(Math.floor(abs / 60_000));
  if (abs < 48 * 3_600_000) return unitFormat(locale, 'hour').format(Math.floor(abs / 3_600_000));
  return unitFormat(locale, 'day').format(Math.floor(abs / 86_400_000));
}

/** An age: whole seconds at least ("0 s", "42 s", "5 min"). */
export function formatAge(ms: number, locale: string): string {
  return ms < 60_000 ? unitFormat(locale, 'second').format(Math.floor(Math.max(0, ms) / 1000)) : formatDuration(ms, locale);
}
