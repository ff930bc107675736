/**
 * A process that listens to MCE for the crash test (crash.test.ts), which
 * kills it with SIGKILL while events arrive and starts it again. Usage:
 *   node core/mce/testing/crash-listener.ts <data dir> <mce url>
 * Prints "ready" once live.
 */
import { mceServiceOn } from './service.ts';

const [dir, url] = process.argv.slice(2);
if (!dir || !url) {
  console.error('usage: crash-listener.ts <data dir> <mce url>');
  process.exit(2);
}
const { svc } = mceServiceOn(dir, { url, username: 'mce', password: 'mce' });
svc.listener.onModeChange((m) => {
  if (m === 'live') console.log('ready');
});
svc.start();
