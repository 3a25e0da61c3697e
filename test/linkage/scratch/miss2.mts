import { readTable } from '../../../src/modules/linkage/linkage.files.ts';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
const t = readTable(process.argv[2]!); const ci = t.header.indexOf(process.argv[4]!);
const found = new Set((parse(readFileSync(process.argv[3]!,'utf8'), {columns:true}) as any[]).map(r => [r.id_l, r.id_r].sort().join('|')));
const groups = new Map<string, string[][]>();
for (const r of t.rows) groups.set(r[ci]!, [...(groups.get(r[ci]!) ?? []), r]);
const agreeStats = new Map<string, number>(); let n = 0; let shown = 0;
for (const rows of groups.values()) for (let a = 0; a < rows.length; a++) for (let b = a+1; b < rows.length; b++) {
  const x = rows[a]!, y = rows[b]!;
  if (found.has([x[0], y[0]].sort().join('|'))) continue;
  n++;
  const agree = t.header.map((h, i) => (x[i] !== '' && x[i]!.toLowerCase().trim() === y[i]!.toLowerCase().trim() && h !== t.header[ci] && i > 0) ? h : '').filter(Boolean).join('+') || 'none';
  agreeStats.set(agree, (agreeStats.get(agree) ?? 0) + 1);
  if (shown++ < Number(process.argv[5] ?? 0)) console.log(x.join(' | ') + '\n' + y.join(' | ') + '\n');
}
console.log('missed', n); console.log([...agreeStats].sort((a,b)=>b[1]-a[1]).slice(0,30));
