// Periodically removes what has expired (pending registrations, invitations, codes). Queries already
// treat expired records as absent; this only keeps collections small, because TTL indexes never fire
// on the embedded engine.
import type { Logger } from './logging';

export interface SweepTask {
  name: string;
  sweep(now: Date): Promise<number>;
}

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export function startSweeper(options: { tasks: readonly SweepTask[]; logger: Logger; intervalMs?: number; now?: () => Date }): { stop(): void; runOnce(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  let running = false;
  async function runOnce(): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (const task of options.tasks) {
        try {
          const removed = await task.sweep(now());
          if (removed > 0) options.logger.info({ task: task.name, removed }, 'swept expired records');
        } catch (err) {
          options.logger.warn({ task: task.name, err }, 'sweep failed; will retry');
        }
      }
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
