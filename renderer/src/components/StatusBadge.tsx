// Status colours mean the same everywhere; colour is never alone: icon and word come with it.
import { Badge } from '@mantine/core';
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
}

export function StatusBadge({ tone, icon, label, size = 'sm' }: StatusBadgeProps) {
  return (
    <Badge
      color={toneColor[tone]}
      variant={tone === 'muted' || tone === 'pending' ? 'outline' : 'light'}
      size={size}
      radius="sm"
      leftSection={icon}
      styles={{ root: { minWidth: 'max-content', flexShrink: 0 }, label: { textTransform: 'none', fontWeight: 600, overflow: 'visible' } }}
    >
      {label}
    </Badge>
  );
}
