import { readTable } from '../../../src/modules/linkage/linkage.files.ts';
import { recogniseColumns } from '../../../src/modules/linkage/engine/recognise.ts';
import { prepare } from '../../../src/modules/linkage/engine/prepare.ts';
import { expandUnits, blockLimits } from '../../../src/modules/linkage/engine/config.ts';
import { planBlocking, generatePairs } from '../../../src/modules/linkage/engine/blocking.ts';
import { synthesise } from '../helpers/perturb.ts';
const d2 = readTable('test/linkage/data/febrl/dataset2.csv');
const t = synthesise(d2, { rows: 100000, duplicateShare: 0.2, seed: 11 });
const r = recogniseColumns([t.header], t.header[0]!, ['rec_id']);
let c0 = process.cpuUsage();
const p = prepare([t], expandUnits(r.config.fields), 'rec_id', 'dmy');
let c1 = process.cpuUsage(c0); console.log('prepare cpu ms', (c1.user + c1.system) / 1000);
for (let rep = 0; rep < 3; rep++) {
  c0 = process.cpuUsage();
  const plan = planBlocking(p, r.config.blocking, blockLimits(r.config));
  c1 = process.cpuUsage(c0); console.log('plan cpu ms', (c1.user + c1.system) / 1000);
  c0 = process.cpuUsage();
  const pairs = generatePairs(plan);
  c1 = process.cpuUsage(c0); console.log('generate cpu ms', (c1.user + c1.system) / 1000, pairs.length);
}
