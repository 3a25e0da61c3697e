// Progress for long commands: a bar on a terminal, a plain line every few seconds otherwise (logs, CI).
import cliProgress from 'cli-progress';
import { isInteractive } from './context.ts';

export interface Progress {
  update(done: number, extra?: string): void;
  stop(): void;
}

export function startProgress(label: string, total: number, unit = ''): Progress {
  if (isInteractive()) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total}${unit ? ` ${unit}` : ''} | {extra} | ETA {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { extra: '' });
    return {
      update: (done, extra = '') => bar.update(Math.min(done, total), { extra }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let finished = false;
  return {
    update(done, extra = '') {
      const now = Date.now();
      if (finished || (now - last < 2000 && done < total)) return;
      last = now;
      finished = done >= total;
      const pct = total > 0 ? Math.round((100 * done) / total) : 100;
      // Progress goes to stderr so that stdout stays clean for results (--json).
      console.error(`${label}: ${pct}% (${done}/${total}${unit ? ` ${unit}` : ''})${extra ? ` ${extra}` : ''}`);
    },
    stop() {},
  };
}
