// Status colours mean the same everywhere; colour is never alone: icon and word come with it.
// A plain span styled like Mantine's light badge: tables mount many of these while scrolling.
import type { ReactNode } from 'react';

/** The shared vocabulary of CONSOLE-UX.md. */
export type StatusTone = 'ok' | 'warn' | 'error' | 'pending' | 'processing' | 'awaiting' | 'muted';

export const toneColor: Record<StatusTone, string> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  pending: 'gray',
  processing: 'blue',
  awaiting: 'violet',
  muted: 'gray',
};

export interface StatusBadgeProps {
  tone: StatusTone;
  icon: ReactNode;
  label: string;
  size?: 'xs' | 'sm' | 'md';
  /** A colour of its own (e.g. orange for invalid records) instead of the tone's. */
  color?: string;
  variant?: 'light' | 'outline' | 'filled';
}

export function StatusBadge({ tone, icon, label, size = 'sm', color, variant }: StatusBadgeProps) {
  const v = variant ?? (tone === 'muted' || tone === 'pending' ? 'outline' : 'light');
  return (
    <span className={`sb sb-${v} sb-${color ?? toneColor[tone]} sb-${size}`}>
      {icon}
      {label}
    </span>
  );
}
