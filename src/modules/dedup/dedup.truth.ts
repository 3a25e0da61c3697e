// Labels for measuring the registry dedup: the generator's truth file says which person each ballot declares
// (ballot_id → person_id). A registry person is tied to its ballot through the ballot id the load kept with it
// (the state's extra.ballotId, and load_ballot for ballots loaded without a PIN), or, given the ballots file,
// through its PIN (the ballot's PIN is the person's when the ballot had one).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';

export class TruthFileError extends Error {
  override readonly name = 'TruthFileError';
}

/** ballot_id → person_id from a truth CSV (header ballot_id,person_id,…). */
export async function readTruth(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let header: string[] | undefined;
  let b = 0;
  let p = 1;
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  try {
    for await (const raw of lines) {
      const line = raw.replace(/^\uFEFF/, '');
      if (line === '') continue;
      // Ballot and person ids never hold commas or quotes; the other columns are not read.
      const cells = line.split(',');
      if (!header) {
        header = cells.map((c) => c.trim());
        b = header.indexOf('ballot_id');
        p = header.indexOf('person_id');
        if (b < 0 || p < 0) {
          throw new TruthFileError(
            `${path}: not a truth file: the header needs ballot_id and person_id (found ${header.join(', ')})`,
          );
        }
        continue;
      }
      const ballot = cells[b]?.trim();
      const person = cells[p]?.trim();
      if (ballot && person) out.set(ballot, person);
    }
  } catch (err) {
    if (err instanceof TruthFileError) throw err;
    throw new TruthFileError(`${path}: cannot read the truth file: ${(err as Error).message}`);
  }
  if (!header) throw new TruthFileError(`${path}: the truth file is empty`);
  return out;
}

/** PIN → ballot_id of the ballots that carried a PIN, from a DC01 CSV (the first ballot of each PIN). */
export async function readBallotPins(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let ballotCol = -1;
  let pinCol = -1;
  let first = true;
  await new Promise<void>((resolve, reject) => {
    const input = createReadStream(path, { encoding: 'utf8' });
    input.on('error', (err) => reject(new TruthFileError(`${path}: cannot read the ballots file: ${err.message}`)));
    Papa.parse<string[]>(input as unknown as NodeJS.ReadableStream, {
      header: false,
      skipEmptyLines: 'greedy',
      step(result, parser) {
        const cells = result.data;
        if (first) {
          first = false;
          const header = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
          ballotCol = header.indexOf('ballot_id');
          pinCol = header.indexOf('pin');
          if (ballotCol < 0 || pinCol < 0) {
            parser.abort();
            reject(new TruthFileError(`${path}: not a DC01 file: the header needs ballot_id and pin`));
          }
          return;
        }
        const pin = cells[pinCol]?.trim();
        const ballot = cells[ballotCol]?.trim();
        if (pin && ballot && !out.has(pin)) out.set(pin, ballot);
      },
      complete: () => resolve(),
      error: (err) => reject(new TruthFileError(`${path}: ${err.message}`)),
    });
  });
  return out;
}

/** How each registry person finds its entity key. */
export interface TruthMapping {
  truth: Map<string, string>;
  /** PIN → ballot, when the ballots file was given. */
  ballotOfPin?: Map<string, string>;
  /** Person id → ballot, for ballots loaded without a PIN. */
  loadedBallots: Map<number, string>;
}

/** The entity key of one registry person ('' when the labels say nothing about it). */
export function truthKeyOf(m: TruthMapping, personId: number, pin: string, keptBallot: string | null): string {
  const ballot = m.loadedBallots.get(personId) ?? (m.ballotOfPin ? m.ballotOfPin.get(pin) : keptBallot) ?? null;
  return ballot ? (m.truth.get(ballot) ?? '') : '';
}
