// A trained model as JSON, so that it can be stored and used again later (the registry keeps the model of its last
// batch run and scores each new record with it). Term-frequency tables become [value, share] lists.
import type { ComparisonModel, LinkModel } from './model.ts';

interface ComparisonJson extends Omit<ComparisonModel, 'tf'> {
  tf?: [string, number][];
}

export interface LinkModelJson {
  lambda: number;
  priorWeight: number;
  comparisons: ComparisonJson[];
}

export function modelToJson(model: LinkModel): LinkModelJson {
  return {
    lambda: model.lambda,
    priorWeight: model.priorWeight,
    comparisons: model.comparisons.map((c) => {
      const { tf, ...rest } = c;
      return tf ? { ...rest, tf: [...tf.entries()] } : rest;
    }),
  };
}

export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

function numbers(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number'))
    throw new ModelFormatError(`${what}: expected numbers`);
  return v as number[];
}

/** Reads a model written by modelToJson, checking its shape (a stored model may be from an older version). */
export function modelFromJson(raw: unknown): LinkModel {
  const m = raw as Partial<LinkModelJson> | null;
  if (!m || typeof m.lambda !== 'number' || typeof m.priorWeight !== 'number' || !Array.isArray(m.comparisons)) {
    throw new ModelFormatError('not a linkage model: expected lambda, priorWeight and comparisons');
  }
  return {
    lambda: m.lambda,
    priorWeight: m.priorWeight,
    comparisons: m.comparisons.map((c, k) => {
      if (typeof c?.name !== 'string' || !Array.isArray(c.levels))
        throw new ModelFormatError(`comparison ${k}: expected name and levels`);
      const n = c.levels.length;
      const row = (v: unknown, what: string) => {
        const xs = numbers(v, `comparison ${c.name}: ${what}`);
        if (xs.length !== n)
          throw new ModelFormatError(`comparison ${c.name}: ${what} has ${xs.length} levels, not ${n}`);
        return xs;
      };
      return {
        name: c.name,
        levels: c.levels.map(String),
        m: row(c.m, 'm'),
        u: row(c.u, 'u'),
        weights: row(c.weights, 'weights'),
        sessions: typeof c.sessions === 'number' ? c.sessions : 0,
        tf: Array.isArray(c.tf) ? new Map(c.tf.map(([v, f]) => [String(v), Number(f)])) : undefined,
        uExact: typeof c.uExact === 'number' ? c.uExact : 0,
        exactLevels: numbers(c.exactLevels ?? [], `comparison ${c.name}: exactLevels`),
      };
    }),
  };
}
