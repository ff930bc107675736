/**
 * A second process appending to the audit log of a data directory through
 * createGateway, as gatewayctl does: `node append-child.ts DIR COUNT NAME`.
 * Tests run two at once to show the sealed head never moves backwards.
 */
import { createGateway } from '../../service.ts';

const [dir, count, name] = process.argv.slice(2);
const gw = await createGateway({ dataDir: dir!, actor: name! });
try {
  for (let i = 0; i < Number(count); i++) {
    gw.audit({ action: 'test.append', entityType: 'process', entityId: name!, details: { i } });
    // Let the other process in between (each append takes the write lock on its own).
    await new Promise((r) => setTimeout(r, 1));
  }
} finally {
  await gw.close();
}
