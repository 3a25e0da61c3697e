// Transaction time: ISO timestamps with milliseconds that never repeat or go backwards within a process, so
// "as known at" reads can tell apart two changes recorded in the same millisecond.
let last = 0;

export function nextTimestamp(now: number = Date.now()): string {
  last = now > last ? now : last + 1;
  return new Date(last).toISOString();
}
