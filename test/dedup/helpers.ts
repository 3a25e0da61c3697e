// Set-ups shared by the dedup tests: a generated population loaded into the registry and deduplicated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliContext } from '../../src/domain/context.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { loadBallotFile } from '../../src/modules/registry/registry.load.ts';
import type { RegistryFixture } from '../helpers/registry.ts';

/** The generator's "today" in the dedup tests (the fixture's registry is opened on it too). */
export const GENERATOR_TODAY = '2026-05-01';

/**
 * Writes a synthetic population of province 01 with a share of duplicated persons, loads it into the registry and
 * runs a batch deduplication, so that the pairs and the stored model are there.
 */
export async function loadDeduplicated(
  f: RegistryFixture,
  population: { people: number; duplicates: number; seed: number },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'popreg-dedup-'));
  try {
    const ballots = join(dir, 'ballots.csv');
    await writePopulation({ ...population, province: '01', out: ballots, today: GENERATOR_TODAY });
    await loadBallotFile(f.services.registry, cliContext(), ballots);
    await f.services.dedup.runBatch(cliContext(), {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
