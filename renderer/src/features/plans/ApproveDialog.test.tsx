import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { samplePlanForTests } from '../../client/fixtures.ts';
import { renderConsole } from '../../test/render.tsx';
import { ApproveDialog } from './ApproveDialog.tsx';
import { approvalProblems, deactivationPct, rejectionProblems } from './decisionRules.ts';
import { RejectDialog } from './RejectDialog.tsx';

const flagged = samplePlanForTests(7, {
  counts: { create: 0, update: 0, deactivate: 40, unchanged: 60, invalid: 0 },
  massDeactivation: { flagged: true, deactivations: 40, activeEmployees: 100, thresholdPct: 10, emptyResponse: false },
});
const ordinary = samplePlanForTests(8);

describe('approval rules', () => {
  it('need a name, and a confirmation only for a flagged mass deactivation', () => {
    expect(approvalProblems({ name: '  ', comment: '', confirmMass: false }, ordinary)).toEqual({ name: 'nameRequired' });
    expect(approvalProblems({ name: 'Анна', comment: '', confirmMass: false }, ordinary)).toEqual({});
    expect(approvalProblems({ name: 'Анна', comment: '', confirmMass: false }, flagged)).toEqual({ confirm: 'confirmMassRequired' });
    expect(approvalProblems({ name: 'Анна', comment: '', confirmMass: true }, flagged)).toEqual({});
  });

  it('rejection needs a name and a reason', () => {
    expect(rejectionProblems({ name: 'Анна', reason: ' ' })).toEqual({ reason: 'reasonRequired' });
    expect(rejectionProblems({ name: '', reason: 'wrong period' })).toEqual({ name: 'nameRequired' });
  });

  it('computes the share deactivated to one decimal', () => {
    expect(deactivationPct(flagged.massDeactivation)).toBe(40);
    expect(deactivationPct({ ...flagged.massDeactivation, deactivations: 1, activeEmployees: 3 })).toBe(33.3);
  });
});

describe('ApproveDialog', () => {
  it('refuses to approve a flagged plan until the mass deactivation is confirmed', () => {
    const onSubmit = vi.fn();
    renderConsole(<ApproveDialog plan={flagged} opened busy={false} error={null} defaultName="" onSubmit={onSubmit} onClose={() => {}} />);
    fireEvent.change(screen.getByRole('textbox', { name: /Your name/ }), { target: { value: 'Анна Смирнова' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve plan' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Confirm the mass deactivation, otherwise the plan cannot be approved.')).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: 'I checked: deactivating 40 employees is correct' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Comment' }), { target: { value: '  reorganisation  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve plan' }));
    expect(onSubmit).toHaveBeenCalledWith({ planId: 7, by: 'Анна Смирнова', comment: 'reorganisation', confirmMassDeactivation: true });
  });

  it('needs a name; the comment is optional; an ordinary plan asks no confirmation', () => {
    const onSubmit = vi.fn();
    renderConsole(<ApproveDialog plan={ordinary} opened busy={false} error={null} defaultName="" onSubmit={onSubmit} onClose={() => {}} />);
    expect(screen.queryByRole('checkbox')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Approve plan' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Enter who approves the plan.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: /Your name/ }), { target: { value: 'Анна' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve plan' }));
    expect(onSubmit).toHaveBeenCalledWith({ planId: 8, by: 'Анна' });
  });

  it('shows the gateway refusal verbatim', () => {
    renderConsole(<ApproveDialog plan={ordinary} opened busy={false} error={new Error('plan 8 expired at 2026-01-16T09:00:00Z; generate a new plan')} defaultName="Анна" onSubmit={() => {}} onClose={() => {}} />);
    expect(screen.getByRole('alert').textContent).toContain('plan 8 expired at 2026-01-16T09:00:00Z; generate a new plan');
  });
});

describe('RejectDialog', () => {
  it('needs a reason before it rejects', () => {
    const onSubmit = vi.fn();
    renderConsole(<RejectDialog plan={ordinary} opened busy={false} error={null} defaultName="Анна" onSubmit={onSubmit} onClose={() => {}} />, { language: 'ru' });
    fireEvent.click(screen.getByRole('button', { name: 'Отклонить план' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Укажите причину — её увидят другие администраторы.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: /Причина/ }), { target: { value: 'не тот период' } });
    fireEvent.click(screen.getByRole('button', { name: 'Отклонить план' }));
    expect(onSubmit).toHaveBeenCalledWith({ planId: 8, by: 'Анна', reason: 'не тот период' });
  });
});
