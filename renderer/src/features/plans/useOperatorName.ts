// The name typed into the last approve/reject dialog, kept for the browser session.
import { useCallback, useState } from 'react';

const key = 'argus.operatorName';

export function useOperatorName(): [string, (name: string) => void] {
  const [name, setName] = useState(() => {
    try {
      return globalThis.sessionStorage?.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  const remember = useCallback((n: string) => {
    setName(n);
    try {
      globalThis.sessionStorage?.setItem(key, n);
    } catch {
      // Not fatal: the operator types the name again.
    }
  }, []);
  return [name, remember];
}
