// Where the Agents screen links to: the identity tab, optionally searching for one login.
import { hrefFor } from '../../app/router.ts';

export function identityHref(search?: string): string {
  const base = hrefFor({ section: 'agents', tab: 'identity' });
  return search ? `${base}?search=${encodeURIComponent(search)}` : base;
}
