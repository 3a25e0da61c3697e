// The daily due-list job of `popreg serve`: runs once shortly after start, then every 24 hours, never twice at
// once, logs its failures instead of throwing, and stops with the server. Its timers never keep a process alive.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDueJob } from '../../src/modules/card/due/card.due.job.ts';

describe('card due job', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs after start and every day, one run at a time, and stops', async () => {
    const log = { info: vi.fn(), error: vi.fn() };
    let runs = 0;
    let finish: () => void = () => {};
    const due = {
      runDaily: () => {
        runs++;
        return new Promise<{ today: string; persons: number; due: number }>((resolve) => {
          finish = () => resolve({ today: '2026-06-01', persons: 10, due: 3 });
        });
      },
    };
    const stop = startDueJob(due, log);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(1);
    // Still running when the day comes round: not started twice.
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(runs).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.info).toHaveBeenCalledWith(
      expect.stringMatching(/^card due list: 3 persons due of 10 as of 2026-06-01/),
    );
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(runs).toBe(2);
    finish();
    stop();
    await vi.advanceTimersByTimeAsync(3 * 24 * 3_600_000);
    expect(runs).toBe(2);
  });

  it('logs a failed run and runs again the next day', async () => {
    const log = { info: vi.fn(), error: vi.fn() };
    const due = { runDaily: vi.fn().mockRejectedValue(new Error('database unavailable')) };
    const stop = startDueJob(due, log);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(log.error).toHaveBeenCalledWith('card due list: database unavailable');
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(due.runDaily).toHaveBeenCalledTimes(2);
    stop();
  });
});
