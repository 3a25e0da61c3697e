import { readTable } from '../../../src/modules/linkage/linkage.files.ts';
import { recogniseColumns } from '../../../src/modules/linkage/engine/recognise.ts';
import { runLinkage } from '../../../src/modules/linkage/linkage.service.ts';
const t = readTable(process.argv[2]!);
const r = recogniseColumns([t.header], t.header[0]!, [process.argv[3] ?? '']);
const res = await runLinkage([t], r.config, { truth: process.argv[3] ? { column: process.argv[3] } : undefined, threads: Number(process.argv[4] ?? 1) });
console.log(res.timings, res.evaluation?.pairs, res.evaluation?.blockingRecall);
