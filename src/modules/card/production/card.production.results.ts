// The personalisation centre's result file: a JSON array of {applicationId, outcome, reason?} or a CSV with the
// header `applicationId,outcome,reason`. Every bad row is reported by line, field, rule and value, all at once,
// so the centre can fix its file in one go.
import { Violations } from '../../../domain/errors.ts';

export type Outcome = 'produced' | 'failed';

export interface ResultRow {
  /** 1-based line of the CSV (the header is line 1), or the 1-based position in the JSON array. */
  line: number;
  applicationId: number;
  outcome: Outcome;
  reason: string | null;
}

const HEADER = ['applicationId', 'outcome', 'reason'];
const MAX_REASON = 500;

/** Splits one CSV line into cells (RFC 4180 quotes; a quoted cell may not span lines in this file). */
function csvCells(line: string): string[] | null {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i++];
      }
      if (i < line.length && line[i] !== ',') return null;
      cells.push(cell);
      i++;
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      cells.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return cells;
}

function checkRow(v: Violations, where: string, line: number, raw: Record<string, unknown>): ResultRow | null {
  const before = v.list.length;
  const idRaw = raw.applicationId;
  const id = typeof idRaw === 'number' ? idRaw : typeof idRaw === 'string' && /^\d+$/.test(idRaw) ? Number(idRaw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    v.add(`${where}.applicationId`, 'result.application_id', 'must be a positive whole number', idRaw);
  }
  const outcome = raw.outcome;
  if (outcome !== 'produced' && outcome !== 'failed') {
    v.add(`${where}.outcome`, 'result.outcome', 'must be "produced" or "failed"', outcome);
  }
  const r = raw.reason;
  const reason = typeof r === 'string' && r.trim() !== '' ? r.trim() : null;
  if (r !== undefined && r !== null && typeof r !== 'string') {
    v.add(`${where}.reason`, 'result.reason', 'must be text', r);
  } else if (outcome === 'failed' && reason === null) {
    v.add(`${where}.reason`, 'result.reason_required', 'a failed card needs the reason', r ?? null);
  } else if (reason !== null && reason.length > MAX_REASON) {
    v.add(`${where}.reason`, 'result.reason_length', `must be at most ${MAX_REASON} characters`, reason.length);
  }
  if (v.list.length > before) return null;
  return { line, applicationId: id, outcome: outcome as Outcome, reason };
}

/** Parses and checks a result file; throws a ValidationError listing every bad row. */
export function parseResults(text: string): ResultRow[] {
  const v = new Violations();
  const rows: ResultRow[] = [];
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      v.add('file', 'result.json', `not valid JSON: ${(err as Error).message}`);
      v.throwIfAny();
    }
    (parsed as unknown[]).forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        v.add(`line ${i + 1}`, 'result.object', 'must be an object {applicationId, outcome, reason}', item);
        return;
      }
      const row = checkRow(v, `line ${i + 1}`, i + 1, item as Record<string, unknown>);
      if (row) rows.push(row);
    });
  } else {
    const lines = body.split(/\r?\n/);
    const header = csvCells(lines[0] ?? '')?.map((c) => c.trim());
    if (!header || HEADER.some((h, i) => header[i] !== h) || header.length > HEADER.length) {
      v.add('line 1', 'result.header', `the header must be ${HEADER.join(',')}`, lines[0] ?? '');
      v.throwIfAny();
    }
    lines.slice(1).forEach((text, i) => {
      const line = i + 2;
      if (text.trim() === '') return;
      const cells = csvCells(text);
      if (!cells || cells.length < 2 || cells.length > 3) {
        v.add(`line ${line}`, 'result.cells', 'must have 2 or 3 cells: applicationId,outcome,reason', text);
        return;
      }
      const row = checkRow(v, `line ${line}`, line, {
        applicationId: cells[0]!.trim(),
        outcome: cells[1]!.trim(),
        reason: cells[2],
      });
      if (row) rows.push(row);
    });
  }
  const seen = new Map<number, number>();
  for (const r of rows) {
    const first = seen.get(r.applicationId);
    if (first !== undefined) {
      v.add(`line ${r.line}.applicationId`, 'result.duplicate', `already given on line ${first}`, r.applicationId);
    } else seen.set(r.applicationId, r.line);
  }
  if (rows.length === 0 && v.empty) v.add('file', 'result.empty', 'no result rows');
  v.throwIfAny();
  return rows;
}
