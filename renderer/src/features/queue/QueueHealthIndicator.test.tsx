import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../test/render.tsx';
import { emptyHealth } from './fixtures.ts';
import { QueueHealthIndicator } from './QueueHealthIndicator.tsx';

describe('queue health in the header', () => {
  it('says pending, processing, failed, the oldest pending age and paused types, and links to the Queue', async () => {
    const since = new Date(Date.now() - 7 * 60_000 - 5_000).toISOString();
    renderConsole(<QueueHealthIndicator />, {
      handlers: {
        'queue.health': () => ({
          ...emptyHealth,
          pending: 3,
          processing: 1,
          failed: 2,
          oldestPendingAgeMs: 7 * 60_000,
          oldestPendingSince: since,
          pausedTypes: [{ type: 'schedule_upload', pausedAt: since, pausedBy: 'Анна' }],
        }),
      },
    });
    const link = await screen.findByRole('link', { name: /^Queue: 3 pending/ });
    expect(link.getAttribute('aria-label')).toBe('Queue: 3 pending, 1 processing, 2 failed, oldest pending 7 min. 1 operation type paused');
    expect(link.getAttribute('href')).toBe('#/queue');
  });

  it('in Russian, with nothing waiting', async () => {
    renderConsole(<QueueHealthIndicator />, { handlers: { 'queue.health': () => emptyHealth }, language: 'ru' });
    expect(await screen.findByRole('link', { name: 'Очередь: ожидают 0, выполняются 0, с ошибкой 0' })).toBeTruthy();
  });
});
