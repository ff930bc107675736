/**
 * Numbered migrations, applied in order; the position in this list is the
 * schema version (PRAGMA user_version). Never edit a released migration: add one.
 */
import m001 from './001-base.ts';
import m002 from './002-directory-sync-audit.ts';
import m003 from './003-queue.ts';
import m004 from './004-retention.ts';
import m005 from './005-mce.ts';
import m006 from './006-audit-keyed.ts';
import m007 from './007-call-history.ts';
import m008 from './008-shifts.ts';
import m009 from './009-exchange.ts';
import m010 from './010-shifts-by-import.ts';

export interface Migration {
  name: string;
  sql: string;
}

export const migrations: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010];
