// One block of the population (`blockSize` persons, see numbering.ts): households of originals, duplicates
// drawn from the block's earlier persons, injected errors. A block depends only on the run settings and its
// index, never on other blocks, so blocks can be generated in parallel with the same result.
import type { Dc01Row } from '../../domain/dc01.ts';
import { Rng } from '../../lib/random.ts';
import type { TruthRow } from './csv.ts';
import { type DuplicateEnv, makeDuplicate } from './duplicates.ts';
import { type ErrorEnv, injectError, unknownUnitCodes } from './error-injection.ts';
import { parseIsoDay } from './gen-dates.ts';
import { blockCount } from './numbering.ts';
import { FIRST_REF_DATE, type ResolvedOptions } from './options.ts';
import { HouseholdBuilder, HouseholdCounter, type PersonRecord } from './people.ts';
import { OldIdAllocator, PinAllocator } from './pins.ts';
import { HOUSEHOLD_SIZES } from './population-model.ts';
import type { ReferenceData } from './reference-data.ts';
import { Weighted } from './sampling.ts';

/** What every block of a run shares: settings and values derived from the seed alone. */
export interface RunSettings {
  ref: ReferenceData;
  o: ResolvedOptions;
  blocks: number;
  pinKey: number;
  oldIdKey: number;
  unknownUnits: readonly string[];
  provinces: Weighted<string>;
}

/** Streams 0..3 of each block come from its index; this one, far above them, serves run-wide values. */
const RUN_STREAM = 0x7fff_0000;

export function runSettings(ref: ReferenceData, o: ResolvedOptions): RunSettings {
  const rng = new Rng(o.seed, RUN_STREAM);
  return {
    ref,
    o,
    blocks: blockCount(o.people, o.blockSize),
    pinKey: rng.u32(),
    oldIdKey: rng.u32(),
    unknownUnits: unknownUnitCodes(rng, ref.knownCommuneCodes),
    provinces: new Weighted(
      ref.provinceCodes,
      ref.provinceCodes.map((c) => ref.provinces.get(c)!.wards.length),
    ),
  };
}

/** A ballot of a block, before its final ballot id and household code are assigned. */
export interface BlockBallot {
  row: Dc01Row;
  truth: TruthRow;
  province: string;
  /** Number of the household among the block's households in `province` (1-based). */
  household: number;
}

/** Duplicates re-declare someone drawn uniformly from a sample of the block's persons so far (reservoir). */
const RESERVOIR_SIZE = 5_000;

export class BlockGenerator {
  readonly households = new HouseholdCounter();
  persons = 0;
  ballots = 0;
  duplicates = 0;
  errors = 0;
  householdCount = 0;

  constructor(
    private readonly run: RunSettings,
    readonly index: number,
  ) {}

  *generate(): Generator<BlockBallot, void, undefined> {
    const { ref, o } = this.run;
    const b = this.index;
    // Separate streams, so duplicates and errors draw without disturbing the population more than needed.
    const rng = new Rng(o.seed, 4 * b);
    const dupRng = new Rng(o.seed, 4 * b + 1);
    const errRng = new Rng(o.seed, 4 * b + 2);
    const pins = new PinAllocator(this.run.pinKey, this.run.blocks, b);
    const oldIds = new OldIdAllocator(this.run.oldIdKey, this.run.blocks, b);
    const first = b * o.blockSize;
    const size = Math.min(o.blockSize, o.people - first);
    const settings = { today: o.todayDay, refDate: o.refDate, cutoff: parseIsoDay(FIRST_REF_DATE)! };
    const builder = new HouseholdBuilder(ref, rng, settings, pins, oldIds, this.households, first);
    const dupEnv: DuplicateEnv = { rng: dupRng, ref, today: o.todayDay, newHousehold: (p) => this.households.next(p) };
    const errEnv: ErrorEnv = { rng: errRng, ref, pins, today: o.todayDay, unknownUnits: this.run.unknownUnits };
    const reservoir: PersonRecord[] = [];
    // Rates are met by accumulating a jittered share per ballot (mean = the rate) and acting each time the
    // total passes 1: counts land within a few of rate × n, at irregular positions.
    let dupDebt = 0;
    let errDebt = 0;

    const emit = (
      row: Dc01Row,
      p: PersonRecord,
      duplicate: boolean,
      kind: string,
      province: string,
      household: number,
    ): BlockBallot => {
      this.ballots++;
      let out = row;
      let field = '';
      let rule = '';
      if (o.errors > 0) {
        errDebt += o.errors >= 1 ? 1 : 2 * o.errors * errRng.float();
        if (errDebt >= 1) {
          errDebt -= 1;
          if (out === p.row) out = { ...row };
          const e = injectError(out, p, duplicate, errEnv);
          field = e.field;
          rule = e.rule;
          this.errors++;
        }
      }
      const truth: TruthRow = {
        ballot_id: '',
        person_id: p.personId,
        role: duplicate ? 'duplicate' : 'original',
        kind,
        field,
        rule,
      };
      return { row: out, truth, province, household };
    };

    while (this.persons < size) {
      const province = o.province ?? this.run.provinces.pick(rng);
      const members = builder.build(province, Math.min(HOUSEHOLD_SIZES.pick(rng), size - this.persons));
      this.householdCount++;
      for (const p of members) {
        this.persons++;
        yield emit(p.row, p, false, '', p.province, p.household);
        if (reservoir.length < RESERVOIR_SIZE) reservoir.push(p);
        else {
          const j = dupRng.int(this.persons);
          if (j < RESERVOIR_SIZE) reservoir[j] = p;
        }
        if (o.duplicates <= 0) continue;
        dupDebt += 2 * o.duplicates * dupRng.float();
        while (dupDebt >= 1) {
          dupDebt -= 1;
          const source = dupRng.pick(reservoir);
          const d = makeDuplicate(source, dupEnv);
          this.duplicates++;
          yield emit(d.row, source, true, d.kind, d.province, d.household);
        }
      }
    }
  }
}
