import { readTable } from '../../../src/modules/linkage/linkage.files.ts';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
const file = process.argv[2]!; const pairs = process.argv[3]!; const col = process.argv[4] ?? 'rec_id';
const t = readTable(file);
const ci = t.header.indexOf(col);
const key = (v: string) => v.replace(/-(org|dup-\d+)$/, '');
const found = new Set((parse(readFileSync(pairs,'utf8'), {columns:true}) as any[]).map(r => [r.id_l, r.id_r].sort().join('|')));
const groups = new Map<string, string[][]>();
for (const r of t.rows) { const k = key(r[ci]!); groups.set(k, [...(groups.get(k) ?? []), r]); }
let n = 0;
for (const [k, rows] of groups) for (let a = 0; a < rows.length; a++) for (let b = a+1; b < rows.length; b++) {
  if (!found.has([rows[a]![0], rows[b]![0]].sort().join('|'))) { n++; if (n <= 40) console.log(rows[a]!.join(' | ') + '\n' + rows[b]!.join(' | ') + '\n'); }
}
console.log('missed', n);
