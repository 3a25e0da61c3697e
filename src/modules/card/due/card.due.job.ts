// The daily due-list job of `popreg serve`: once shortly after start, then every 24 hours. Its timers are unref'd
// so they never keep the process alive, and a run still going when the next is due is not started twice.
import type { RefreshSummary } from './card.due.scan.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_RUN_MS = 5_000;

export interface DueJobLog {
  info(msg: string): void;
  error(msg: string): void;
}

/** Starts the job; returns a function that stops it. */
export function startDueJob(due: { runDaily(): Promise<RefreshSummary> }, log: DueJobLog): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    const started = Date.now();
    due
      .runDaily()
      .then((s) =>
        log.info(`card due list: ${s.due} persons due of ${s.persons} as of ${s.today} (${Date.now() - started} ms)`),
      )
      .catch((err: unknown) => log.error(`card due list: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, FIRST_RUN_MS);
  first.unref();
  const daily = setInterval(run, DAY_MS);
  daily.unref();
  return () => {
    clearTimeout(first);
    clearInterval(daily);
  };
}
