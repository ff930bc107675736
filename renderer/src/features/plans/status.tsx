// Plan status: one look everywhere (violet awaiting, green approved/applied, red failed,
// grey expired/rejected, blue applying), always with an icon and a word.
import { Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ItemAction, PlanStatus } from '../../../../core/contract/index.ts';
import { IconBan, IconCheck, IconCheckDouble, IconClock, IconEqual, IconHourglass, IconAlert, IconMinusCircle, IconPencil, IconPlus, IconX } from '../../components/Icons.tsx';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';

export const planStatusLook: Record<PlanStatus, { tone: StatusTone; icon: ReactNode }> = {
  awaiting_approval: { tone: 'awaiting', icon: <IconHourglass size={12} /> },
  approved: { tone: 'ok', icon: <IconCheck size={12} /> },
  applied: { tone: 'ok', icon: <IconCheckDouble size={12} /> },
  applying: { tone: 'processing', icon: <Loader size={10} color="currentColor" /> },
  failed: { tone: 'error', icon: <IconX size={12} /> },
  expired: { tone: 'muted', icon: <IconClock size={12} /> },
  rejected: { tone: 'muted', icon: <IconBan size={12} /> },
};

export function PlanStatusBadge({ status, size }: { status: PlanStatus; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const l = planStatusLook[status];
  return <StatusBadge tone={l.tone} icon={l.icon} label={t(`plans.status.${status}`)} size={size} />;
}

/** The order a reviewer reads a diff in, and each action's colour and icon. */
export const actionOrder: ItemAction[] = ['create', 'update', 'deactivate', 'invalid', 'unchanged'];

export const actionLook: Record<ItemAction, { color: string; icon: ReactNode }> = {
  create: { color: 'green', icon: <IconPlus size={12} /> },
  update: { color: 'blue', icon: <IconPencil size={12} /> },
  deactivate: { color: 'red', icon: <IconMinusCircle size={12} /> },
  invalid: { color: 'orange', icon: <IconAlert size={12} /> },
  unchanged: { color: 'gray', icon: <IconEqual size={12} /> },
};

export function ActionBadge({ action }: { action: ItemAction }) {
  const { t } = useTranslation();
  return renderActionBadge(action, t);
}

/** The badge as a plain render function, for the virtualized grid's cells. */
export function renderActionBadge(action: ItemAction, t: TFunction) {
  const l = actionLook[action];
  const tone: StatusTone = action === 'create' ? 'ok' : action === 'update' ? 'processing' : action === 'deactivate' ? 'error' : action === 'invalid' ? 'warn' : 'muted';
  return <StatusBadge tone={tone} color={action === 'invalid' ? 'orange' : undefined} icon={l.icon} label={t(`plans.action.${action}`)} size="xs" />;
}

/** Plans awaiting approval first, then newest first (the server's order) within each group. */
export function sortPlansForReview<T extends { status: PlanStatus; createdAt: string; id: number }>(plans: readonly T[]): T[] {
  return [...plans].sort((a, b) => {
    const wa = a.status === 'awaiting_approval' ? 0 : 1;
    const wb = b.status === 'awaiting_approval' ? 0 : 1;
    if (wa !== wb) return wa - wb;
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
    return b.id - a.id;
  });
}
