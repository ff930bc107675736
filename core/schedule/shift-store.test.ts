import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';

describe('the shifts table', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argus-shifts-'));
    db = openDatabase(join(dir, 'gateway.db'), { log: () => undefined });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

  it("counts an import's shifts still stored through an index, not a scan of every shift (the imports list asks once per import)", () => {
    expect(plan('SELECT count(*) FROM shifts s WHERE s.import_id = 7')).toMatch(/USING COVERING INDEX shifts_import/);
  });

  it("reads an employee's period and a period of all employees through their indexes", () => {
    expect(plan("SELECT * FROM shifts WHERE employee_external_id = 'a' AND local_date BETWEEN '2026-12-01' AND '2026-12-31'")).toMatch(/USING INDEX shifts_employee_date/);
    expect(plan("SELECT * FROM shifts WHERE local_date BETWEEN '2026-12-01' AND '2026-12-31'")).toMatch(/USING INDEX shifts_date/);
  });
});
