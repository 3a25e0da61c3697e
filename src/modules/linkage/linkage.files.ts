// File edge of `popreg link`: reading the input CSVs and the JSON config, writing pairs and clusters. Errors are
// one line naming the file, because the user's next step is to fix that file or option.
import { createWriteStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvField } from '../../lib/csv.ts';
import { type LinkConfig, validateConfig } from './engine/config.ts';
import type { Table } from './engine/prepare.ts';
import { explainPair, weighers } from './engine/score.ts';
import type { LinkResult } from './linkage.service.ts';

export class LinkInputError extends Error {
  override readonly name = 'LinkInputError';
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new LinkInputError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** A CSV with a header row; fields are trimmed (FEBRL writes a space after each comma). */
export function readTable(path: string): Table {
  const text = readText(path, 'input');
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    });
  } catch (err) {
    throw new LinkInputError(`${path} is not a readable CSV file: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new LinkInputError(`${path} is empty: expected a header row and at least one record`);
  const [header, ...rows] = records;
  if (rows.length === 0) throw new LinkInputError(`${path} has a header but no records`);
  const seen = new Set<string>();
  for (const h of header!) {
    if (h === '') throw new LinkInputError(`${path}: the header has an empty column name`);
    if (seen.has(h)) throw new LinkInputError(`${path}: column "${h}" appears twice in the header`);
    seen.add(h);
  }
  return { name: basename(path), header: header!, rows };
}

export function readConfig(path: string): LinkConfig {
  const text = readText(path, 'config');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LinkInputError(`config ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return validateConfig(raw);
}

/** Linkage output keeps values exactly, leading and trailing spaces included. */
function csvCell(v: string): string {
  return csvField(v, true);
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on('error', (err) => reject(new LinkInputError(`cannot write ${path}: ${err.message}`)));
    out.on('finish', resolve);
  });
  for (const line of lines) {
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await done;
}

/** Pairs at or above the threshold, most probable first: ids, probability, weight, rule, then level and weight per comparison. */
export async function writePairs(path: string, r: LinkResult, truth?: readonly string[]): Promise<number> {
  const { candidates, scores, model, prepared, levels } = r;
  const k = r.comparisons.length;
  const keep: number[] = [];
  for (let p = 0; p < candidates.length; p++) if (scores.probability[p]! >= r.threshold) keep.push(p);
  keep.sort((a, b) => scores.weight[b]! - scores.weight[a]!);
  const names = model.comparisons.map((c) => c.name);
  const header = [
    'id_l',
    'id_r',
    'probability',
    'match_weight',
    'blocking_rule',
    ...names.flatMap((n) => [`${n}_level`, `${n}_weight`]),
  ];
  if (truth) header.push('true_match');
  const rules = r.plan.stats.map((s) => s.rule);
  const fns = weighers(model, r.comparisons);
  function* lines(): Generator<string> {
    yield header.map(csvCell).join(',');
    for (const p of keep) {
      const i = candidates.left[p]!;
      const j = candidates.right[p]!;
      const why = explainPair(model, fns, i, levels.subarray(p * k, p * k + k));
      const row = [
        prepared.ids[i]!,
        prepared.ids[j]!,
        scores.probability[p]!.toFixed(6),
        scores.weight[p]!.toFixed(3),
        rules[candidates.rule[p]!]!,
      ];
      for (const w of why) row.push(w.level, w.level === 'null' ? '0' : w.weight.toFixed(3));
      if (truth) row.push(truth[i] !== '' && truth[i] === truth[j] ? '1' : '0');
      yield row.map(csvCell).join(',');
    }
  }
  await writeLines(path, lines());
  return keep.length;
}

/** One row per record: its id and a cluster number (1, 2, … in order of first record); `source` in a link. */
export async function writeClusters(path: string, r: LinkResult, sources: readonly string[]): Promise<number> {
  const numbers = new Map<number, number>();
  const { prepared, clusters } = r;
  function* lines(): Generator<string> {
    yield prepared.link ? 'id,cluster,source' : 'id,cluster';
    for (let i = 0; i < prepared.n; i++) {
      const c = clusters.cluster[i]!;
      if (!numbers.has(c)) numbers.set(c, numbers.size + 1);
      const row = [csvCell(prepared.ids[i]!), String(numbers.get(c))];
      if (prepared.link) row.push(csvCell(sources[i < prepared.nLeft ? 0 : 1]!));
      yield row.join(',');
    }
  }
  await writeLines(path, lines());
  return numbers.size;
}
