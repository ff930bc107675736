/**
 * The few words the main process shows itself (tray menu, OS notifications),
 * in Russian and English. The console tells the main process its language
 * (desktop.setLanguage); until it does, the system's preferred language decides.
 */
export type Lang = 'ru' | 'en';

/** The first of the system's preferred languages that we speak; Russian for Russian, English otherwise. */
export function langFrom(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'ru') return 'ru';
    if (base === 'en') return 'en';
  }
  return 'en';
}

const ruPlural = new Intl.PluralRules('ru');
/** Russian noun forms for one, few (2–4) and many. */
function ru(n: number, one: string, few: string, many: string): string {
  const form = ruPlural.select(n);
  return form === 'one' ? one : form === 'few' ? few : many;
}

export const LINK_NAMES = {
  onec: { ru: '1С:ЗУП', en: '1C:ZUP' },
  mce: { ru: 'MCE/Oktell', en: 'MCE/Oktell' },
  gateway: { ru: 'шлюз', en: 'the gateway' },
} as const;
export type LinkName = keyof typeof LINK_NAMES;

export const text = {
  ru: {
    appName: 'Argus Integration Gateway',
    health: { healthy: 'всё в порядке', degraded: 'есть проблемы', failing: 'сбой', unknown: 'состояние неизвестно' },
    tooltipAttached: (url: string) => `подключено к ${url}`,
    menu: {
      open: 'Открыть консоль',
      plans: (n: number) => (n === 0 ? 'Нет планов на утверждение' : `Планы на утверждение: ${n}`),
      pause: 'Приостановить очередь',
      resume: 'Возобновить очередь',
      resumePartly: (paused: number, total: number) => `Возобновить очередь (приостановлено типов: ${paused} из ${total})`,
      quit: 'Выйти',
    },
    closedToTray: {
      title: 'Argus продолжает работать в трее',
      body: 'Очередь обрабатывается, связи отслеживаются. Чтобы выйти, выберите «Выйти» в меню значка.',
      bodyAttached: 'Уведомления от подключённого шлюза продолжают приходить. Чтобы выйти, выберите «Выйти» в меню значка.',
    },
    plan: {
      title: (id: number) => `План синхронизации № ${id} ждёт утверждения`,
      period: (from: string, to: string) => `Период ${from} — ${to}`,
      counts: (c: number, u: number, d: number) => `создать ${c}, изменить ${u}, деактивировать ${d}`,
      mass: 'Массовая деактивация: нужно явное подтверждение.',
    },
    failed: {
      titleOne: 'Операция завершилась ошибкой',
      titleMany: (n: number) => `${n} ${ru(n, 'операция завершилась', 'операции завершились', 'операций завершились')} ошибкой за последний час`,
      latest: 'Последняя',
    },
    link: {
      title: (name: LinkName) => (name === 'gateway' ? 'Нет связи со шлюзом' : `Нет связи с ${LINK_NAMES[name].ru}`),
      since: (time: string) => `С ${time}`,
    },
    audit: {
      title: 'Цепочка журнала аудита нарушена',
      row: (id: number) => `Запись № ${id} не проходит проверку: изменена, удалена или вставлена.`,
      truncated: 'В конце журнала не хватает записей.',
      diverged: 'Журнал больше не содержит запечатанную голову: записи удалены и заменены.',
      tampered: 'Запечатанная голова журнала изменена или подменена.',
      open: 'Откройте экран «Аудит».',
    },
  },
  en: {
    appName: 'Argus Integration Gateway',
    health: { healthy: 'healthy', degraded: 'degraded', failing: 'failing', unknown: 'state unknown' },
    tooltipAttached: (url: string) => `attached to ${url}`,
    menu: {
      open: 'Open the console',
      plans: (n: number) => (n === 0 ? 'No plans waiting for approval' : `Plans waiting for approval: ${n}`),
      pause: 'Pause the queue',
      resume: 'Resume the queue',
      resumePartly: (paused: number, total: number) => `Resume the queue (${paused} of ${total} kinds paused)`,
      quit: 'Quit',
    },
    closedToTray: {
      title: 'Argus keeps running in the tray',
      body: 'The queue is processed and the links watched. To quit, choose Quit in the tray icon’s menu.',
      bodyAttached: 'Notifications from the attached gateway keep coming. To quit, choose Quit in the tray icon’s menu.',
    },
    plan: {
      title: (id: number) => `Sync plan #${id} is waiting for approval`,
      period: (from: string, to: string) => `Period ${from} – ${to}`,
      counts: (c: number, u: number, d: number) => `${c} to create, ${u} to update, ${d} to deactivate`,
      mass: 'Mass deactivation: needs an explicit confirmation.',
    },
    failed: {
      titleOne: 'An operation failed for good',
      titleMany: (n: number) => `${n} operations failed for good in the last hour`,
      latest: 'Latest',
    },
    link: {
      title: (name: LinkName) => (name === 'gateway' ? 'No connection to the gateway' : `${LINK_NAMES[name].en} link down`),
      since: (time: string) => `Since ${time}`,
    },
    audit: {
      title: 'The audit chain is broken',
      row: (id: number) => `Entry #${id} fails verification: altered, removed or inserted.`,
      truncated: 'Entries are missing at the end of the log.',
      diverged: 'The log no longer holds its sealed head: entries were removed and replaced.',
      tampered: 'The sealed head of the log was edited or replaced.',
      open: 'Open the Audit screen.',
    },
  },
} satisfies Record<Lang, unknown>;

export type Text = (typeof text)['en'];

/** Local wall time HH:MM of an instant, in the computer's zone. */
export function clockTime(ms: number, lang: Lang, zone?: string): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...(zone ? { timeZone: zone } : {}) }).format(ms);
}
