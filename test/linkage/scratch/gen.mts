import { writePopulation } from '../../../src/modules/generator/generate.ts';
const r = await writePopulation({ people: Number(process.argv[2]), duplicates: 0.1, errors: 0.1, seed: 7, out: '/tmp/lk/vn.csv', truth: '/tmp/lk/vn-truth.csv' } as any);
console.log(r);
