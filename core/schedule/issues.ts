/** Issues of an import or a validation: all kept and counted, listed in file order up to a limit. */
import type { ImportIssue, IssueCount, ScheduleIssueCode } from '../contract/index.ts';

export class IssueList<T extends { severity: 'error' | 'warning'; code: ScheduleIssueCode }> {
  readonly all: T[] = [];
  errors = 0;
  warnings = 0;

  add(issue: T): void {
    this.all.push(issue);
    if (issue.severity === 'error') this.errors++;
    else this.warnings++;
  }

  counts(): IssueCount[] {
    const m = new Map<string, IssueCount>();
    for (const i of this.all) {
      const k = `${i.severity}:${i.code}`;
      const c = m.get(k);
      if (c) c.count++;
      else m.set(k, { code: i.code, severity: i.severity, count: 1 });
    }
    return [...m.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
  }

  /** The first `max` in the given order, and whether some were left out. */
  listed(max: number, order?: (a: T, b: T) => number): { issues: T[]; truncated: boolean } {
    const sorted = order ? [...this.all].sort(order) : this.all;
    return { issues: sorted.slice(0, max), truncated: sorted.length > max };
  }
}

/** File order: whole-file issues first, then by line, errors before warnings on a line. */
export function byLine(a: ImportIssue, b: ImportIssue): number {
  const la = a.line ?? -1;
  const lb = b.line ?? -1;
  if (la !== lb) return la - lb;
  return a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1;
}

/** "1 error", "3 warnings". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
