// The running estimate of precision per score band from reviewers' decisions: of the pairs decided in a band, the
// share judged the same person, with a Wilson score interval (95%), which stays inside [0, 1] and behaves with
// few decisions, unlike the normal approximation.

/** Band lower bounds; a band runs to the next bound (the last to 1 inclusive). */
export const PRECISION_BANDS = [0.5, 0.8, 0.9, 0.95, 0.99] as const;

export function bandLabel(i: number, bounds: readonly number[] = PRECISION_BANDS): string {
  if (i < 0) return `<${bounds[0]}`;
  return `${bounds[i]}-${i + 1 < bounds.length ? bounds[i + 1] : 1}`;
}

/** [min, max) of a band label such as "0.9-0.95" (the last band includes 1); undefined when unknown. */
export function bandRange(
  label: string,
  bounds: readonly number[] = PRECISION_BANDS,
): { min: number; max?: number } | undefined {
  for (let i = 0; i < bounds.length; i++) {
    if (bandLabel(i, bounds) === label)
      return i + 1 < bounds.length ? { min: bounds[i]!, max: bounds[i + 1]! } : { min: bounds[i]! };
  }
  return undefined;
}

export function wilson(successes: number, n: number, z = 1.96): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const d = 1 + z2 / n;
  return { low: Math.max(0, (centre - spread) / d), high: Math.min(1, (centre + spread) / d) };
}

export interface BandPrecision {
  band: string;
  min: number;
  max: number;
  decided: number;
  same: number;
  different: number;
  /** same / decided; null with no decision yet. */
  precision: number | null;
  interval: { low: number; high: number } | null;
}

/** Per band from counts of (band index, status); 'merged' pairs were decided the same person. */
export function precisionByBand(
  counts: readonly { band: number; status: string; count: number }[],
  bounds: readonly number[] = PRECISION_BANDS,
): BandPrecision[] {
  const bands: BandPrecision[] = bounds.map((min, i) => ({
    band: bandLabel(i, bounds),
    min,
    max: i + 1 < bounds.length ? bounds[i + 1]! : 1,
    decided: 0,
    same: 0,
    different: 0,
    precision: null,
    interval: null,
  }));
  for (const c of counts) {
    const b = bands[c.band];
    if (!b) continue;
    if (c.status === 'different') b.different += c.count;
    else b.same += c.count;
    b.decided += c.count;
  }
  for (const b of bands) {
    b.precision = b.decided > 0 ? b.same / b.decided : null;
    b.interval = wilson(b.same, b.decided);
  }
  return bands;
}
