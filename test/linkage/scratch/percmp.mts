import { readTable } from '../../../src/modules/linkage/linkage.files.ts';
import { recogniseColumns } from '../../../src/modules/linkage/engine/recognise.ts';
import { prepare } from '../../../src/modules/linkage/engine/prepare.ts';
import { expandUnits } from '../../../src/modules/linkage/engine/config.ts';
import { buildComparisons } from '../../../src/modules/linkage/engine/comparisons.ts';
import { randomPairs } from '../../../src/modules/linkage/engine/training.ts';
import { createRng } from '../../../src/modules/linkage/engine/random.ts';
const t = readTable(process.argv[2]!);
const r = recogniseColumns([t.header], t.header[0]!, []);
const p = prepare([t], expandUnits(r.config.fields), t.header[0]!, 'dmy');
const cs = buildComparisons(p);
const { left, right } = randomPairs(p, 500000, createRng(1));
for (let rep = 0; rep < 2; rep++) for (const c of cs) {
  const t0 = performance.now(); let s = 0;
  for (let x = 0; x < left.length; x++) s += c.level(left[x]!, right[x]!);
  console.log(rep, c.name, (performance.now() - t0).toFixed(0), 'ms', s);
}
