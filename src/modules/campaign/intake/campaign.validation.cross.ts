// The rules that need more than one row: a parent at least 12 years older than the child (the parent found by PIN
// earlier in the file, in the campaign or in the registry, else by the birth year the parent's PIN encodes), the
// same person twice (clean), persons recorded dead or missing (alive), and a DC02 against the registry. They run
// over a whole batch with lookups made once per batch (campaign.ballots.repository.ts), so no row costs a query.
import { addYears, isValidIsoDate, parseDateInput, yearOf } from '../../../domain/dates.ts';
import type { Dc01Key } from '../../../domain/dc01.ts';
import { foldName } from '../../../domain/names.ts';
import type { FormCode } from '../../intake/index.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import type { PersonState } from '../../registry/person.model.ts';
import { inJurisdiction } from '../../registry/registry.access.ts';
import { hasErrors, type Issue, issue } from '../campaign.rules.ts';
import type { BallotFacts, RowCheck } from './campaign.validation.common.ts';
import { registryValue, sameValue } from './campaign.validation.registry.ts';

/** A registry person as the checks need it. */
export interface RegistryMatch {
  personId: number;
  /** The active PIN (a cancelled one resolves to it). */
  pin: string;
  status: 'alive' | 'dead' | 'missing';
  dob: string;
  nameFolded: string;
  fatherFolded: string;
  motherFolded: string;
  fatherPin: string | null;
  motherPin: string | null;
  /** The current state, for DC02 comparisons (only filled for DC02 batches). */
  state?: PersonState;
}

/** A ballot stored earlier in the same campaign and form. */
export interface EarlierBallot {
  id: number;
  jobId: number | null;
  /** The row of its file (null for a ballot entered alone). */
  rowNo: number | null;
  pin: string | null;
  dob: string | null;
  nameFolded: string | null;
  fatherFolded: string;
  motherFolded: string;
  /** DC02: the field the ballot changes. */
  field?: string;
}

export interface BatchLookups {
  /** Registry persons by any of their PINs, for the batch's own and parents' PINs. */
  registryByPin: Map<string, RegistryMatch>;
  /** Registry persons by nameKey (folded name + birth date). */
  registryByNameDob: Map<string, RegistryMatch[]>;
  /** Earlier ballots of the campaign by PIN (own and parents' PINs of the batch), first stored first. */
  ballotsByPin: Map<string, EarlierBallot[]>;
  /** Earlier ballots of the campaign by nameKey. */
  ballotsByNameDob: Map<string, EarlierBallot[]>;
}

export function nameKey(nameFolded: string, dob: string): string {
  return `${nameFolded}|${dob}`;
}

/** The keys a batch needs looked up. */
export function lookupKeys(rows: readonly BallotFacts[]): {
  pins: string[];
  nameDobs: { name: string; dob: string }[];
} {
  const pins = new Set<string>();
  const names = new Map<string, { name: string; dob: string }>();
  for (const f of rows) {
    if (f.pin) pins.add(f.pin);
    if (f.fatherPin) pins.add(f.fatherPin);
    if (f.motherPin) pins.add(f.motherPin);
    if (f.nameFolded && f.dob && !f.dc02) names.set(nameKey(f.nameFolded, f.dob), { name: f.nameFolded, dob: f.dob });
  }
  return { pins: [...pins], nameDobs: [...names.values()] };
}

export type DuplicateRef = { id: number } | { row: number };

export interface CrossResult {
  issues: Issue[];
  /** The earlier ballot of the same person: stored (id) or earlier in this batch (index into the batch). */
  duplicateOf: DuplicateRef | null;
  /** The registry person the ballot is about (same PIN, or same name, birth date and parents). */
  personId: number | null;
}

/** What the cross-row rules read of a row: its facts and the row-local issues found before. */
export type CrossRow = Pick<RowCheck, 'issues' | 'facts'> & { rowNo?: number };

export interface CrossContext {
  form: FormCode;
  /** The import job of the batch (null for a single ballot). */
  jobId: number | null;
  catalog: ReferenceCatalog;
  today: string;
  /** The jurisdiction of the officer submitting the ballots (null or absent: the whole country). Registry persons
   *  outside it are compared with nothing and named in no warning: the ballot is received, the comparison is left
   *  to an officer covering the person. */
  jurisdiction?: string | null;
}

/** True when the submitting officer covers the registry person (the lookups carry the state when scoped). */
function visible(m: RegistryMatch, ctx: CrossContext): boolean {
  const j = ctx.jurisdiction ?? null;
  if (j === null) return true;
  return (
    m.state !== undefined && inJurisdiction({ id: '', kind: 'user', roles: [], jurisdiction: j }, m.state, ctx.catalog)
  );
}

/** A registry parent's birth date, only when the submitter covers them (else the PIN's year is used, and the
 *  message names no date of someone outside the jurisdiction). */
function registryDob(m: RegistryMatch | undefined, ctx: CrossContext): string | undefined {
  return m && visible(m, ctx) ? m.dob : undefined;
}

const PARENT_GAP = 12;

/** The birth year a PIN encodes (century digit and two year digits). */
function pinBirthYear(pin: string): number {
  return 1900 + 100 * Math.floor((pin.charCodeAt(3) - 48) / 2) + Number(pin.slice(4, 6));
}

/** True when the parent is certainly less than 12 years older than the child. */
function tooClose(childDob: string, parentDob: string | null, parentPin: string): boolean {
  if (parentDob && isValidIsoDate(parentDob) && isValidIsoDate(childDob))
    return childDob < addYears(parentDob, PARENT_GAP);
  const parentYear = parentDob ? yearOf(parentDob) : pinBirthYear(parentPin);
  return yearOf(childDob) - parentYear < PARENT_GAP;
}

/** Parents of a row, folded (computed only for rows that share a name and birth date with another). */
const foldedParents = new WeakMap<BallotFacts, { fatherFolded: string; motherFolded: string }>();

function parentsOf(f: BallotFacts): { fatherFolded: string; motherFolded: string } {
  let p = foldedParents.get(f);
  if (!p) {
    p = {
      fatherFolded: f.fatherName ? foldName(f.fatherName) : '',
      motherFolded: f.motherName ? foldName(f.motherName) : '',
    };
    foldedParents.set(f, p);
  }
  return p;
}

function sameParents(a: { fatherFolded: string; motherFolded: string }, b: BallotFacts): boolean {
  const p = parentsOf(b);
  return a.fatherFolded === p.fatherFolded && a.motherFolded === p.motherFolded;
}

/** Two PINs that do not rule out the same person: equal, or one of them missing. */
function pinsCompatible(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

function aliveIssues(out: Issue[], field: string, m: RegistryMatch): void {
  if (m.status === 'dead') out.push(issue(field, 'alive.person_dead', m.pin, `person ${m.pin} is recorded as dead`));
  if (m.status === 'missing')
    out.push(issue(field, 'alive.person_missing', m.pin, `person ${m.pin} is recorded as missing`));
}

/**
 * Cross-row checks of a batch in file order. `rows` are the rows still to store (already-present refs removed);
 * a row's own errors keep it from being anyone's "earlier ballot".
 */
export function crossCheck(rows: readonly CrossRow[], lookups: BatchLookups, ctx: CrossContext): CrossResult[] {
  const byPin = new Map<string, number>();
  const byName = new Map<string, number[]>();
  const dobByPin = new Map<string, string>();
  for (const r of rows)
    if (r.facts.pin && r.facts.dob && !dobByPin.has(r.facts.pin)) dobByPin.set(r.facts.pin, r.facts.dob);
  return rows.map((r, index) => {
    const out: Issue[] = [];
    const f = r.facts;
    const result: CrossResult = { issues: out, duplicateOf: null, personId: null };
    if (ctx.form === 'DC02') dc02Checks(r, rows, index, lookups, ctx, out, result, byPin);
    else dc01Checks(r, rows, lookups, ctx, out, result, byPin, byName, dobByPin);
    if (!hasErrors(r.issues) && !hasErrors(out)) {
      const pinKey = ctx.form === 'DC02' ? `${f.pin}:${f.dc02?.field}` : f.pin;
      if (f.pin && !byPin.has(pinKey!)) byPin.set(pinKey!, index);
      if (f.nameFolded && f.dob && ctx.form === 'DC01') {
        const k = nameKey(f.nameFolded, f.dob);
        const list = byName.get(k);
        if (list) list.push(index);
        else byName.set(k, [index]);
      }
    }
    return result;
  });
}

function duplicateRule(earlierJob: number | null, ctx: CrossContext): string {
  return ctx.jobId !== null && earlierJob === ctx.jobId ? 'clean.duplicate_in_file' : 'clean.duplicate_in_campaign';
}

function dc01Checks(
  r: CrossRow,
  rows: readonly CrossRow[],
  lookups: BatchLookups,
  ctx: CrossContext,
  out: Issue[],
  result: CrossResult,
  byPin: Map<string, number>,
  byName: Map<string, number[]>,
  dobByPin: Map<string, string>,
): void {
  const f = r.facts;
  // Family: each parent named by PIN must be at least 12 years older.
  if (f.dob) {
    for (const [key, pin] of [
      ['father_pin', f.fatherPin],
      ['mother_pin', f.motherPin],
    ] as const) {
      if (!pin) continue;
      const parentDob =
        dobByPin.get(pin) ??
        lookups.ballotsByPin.get(pin)?.find((b) => b.dob)?.dob ??
        registryDob(lookups.registryByPin.get(pin), ctx);
      const dob = parentDob && parseDateInput(parentDob).ok ? parentDob : null;
      if (tooClose(f.dob, dob, pin)) {
        out.push(
          issue(
            key,
            'parent.age',
            pin,
            `the parent (${dob ? `born ${dob}` : `PIN year ${pinBirthYear(pin)}`}) is less than ${PARENT_GAP} years older than the child (born ${f.dob})`,
          ),
        );
      }
    }
  }

  // Clean: the same person declared earlier, by PIN, else by name, birth date and parents.
  const earlierRow = f.pin ? byPin.get(f.pin) : undefined;
  if (earlierRow !== undefined) {
    result.duplicateOf = { row: earlierRow };
    out.push(issue('pin', 'clean.duplicate_in_file', f.pin, `PIN ${f.pin} ${earlier(rows[earlierRow]!.rowNo)}`));
  } else {
    const stored = f.pin ? lookups.ballotsByPin.get(f.pin)?.[0] : undefined;
    if (stored) {
      result.duplicateOf = { id: stored.id };
      out.push(issue('pin', duplicateRule(stored.jobId, ctx), f.pin, `PIN ${f.pin} ${earlierStored(stored, ctx)}`));
    } else if (f.nameFolded && f.dob) {
      const k = nameKey(f.nameFolded, f.dob);
      const inBatch = byName
        .get(k)
        ?.find((i) => sameParents(parentsOf(rows[i]!.facts), f) && pinsCompatible(rows[i]!.facts.pin, f.pin));
      if (inBatch !== undefined) {
        result.duplicateOf = { row: inBatch };
        out.push(
          issue(
            'full_name',
            'clean.duplicate_in_file',
            f.fullName,
            `${sameMessage(f)} ${earlier(rows[inBatch]!.rowNo)}`,
          ),
        );
      } else {
        const b = lookups.ballotsByNameDob.get(k)?.find((x) => sameParents(x, f) && pinsCompatible(x.pin, f.pin));
        if (b) {
          result.duplicateOf = { id: b.id };
          out.push(
            issue('full_name', duplicateRule(b.jobId, ctx), f.fullName, `${sameMessage(f)} ${earlierStored(b, ctx)}`),
          );
        }
      }
    }
  }

  // Clean and alive: the person already in the registry.
  const pinHit = f.pin ? lookups.registryByPin.get(f.pin) : undefined;
  const inRegistry = pinHit && visible(pinHit, ctx) ? pinHit : undefined;
  if (inRegistry) {
    result.personId = inRegistry.personId;
    out.push(issue('pin', 'clean.pin_in_registry', f.pin, `PIN ${f.pin} belongs to a registered person`));
    aliveIssues(out, 'pin', inRegistry);
  } else if (f.nameFolded && f.dob) {
    const m = lookups.registryByNameDob
      .get(nameKey(f.nameFolded, f.dob))
      ?.find((x) => visible(x, ctx) && sameParents(x, f) && (f.pin === null || x.pin === f.pin));
    if (m) {
      result.personId = m.personId;
      out.push(issue('full_name', 'clean.same_person_in_registry', f.fullName, `registered as ${m.pin}`));
      aliveIssues(out, 'full_name', m);
    }
  }
}

function sameMessage(f: BallotFacts): string {
  return `the same name, birth date (${f.dob}) and parents`;
}

/** Where the earlier declaration is, in words that do not depend on how the file was cut into batches. */
function earlier(rowNo: number | undefined): string {
  return rowNo === undefined ? 'is declared earlier in this file' : `is declared earlier in this file, at row ${rowNo}`;
}

function earlierStored(b: EarlierBallot, ctx: CrossContext): string {
  if (ctx.jobId !== null && b.jobId === ctx.jobId) return earlier(b.rowNo ?? undefined);
  return `is already declared in ballot ${b.id} of this campaign`;
}

function dc02Checks(
  r: CrossRow,
  rows: readonly CrossRow[],
  index: number,
  lookups: BatchLookups,
  ctx: CrossContext,
  out: Issue[],
  result: CrossResult,
  byPin: Map<string, number>,
): void {
  const f = r.facts;
  const d = f.dc02!;
  if (!f.pin) return;
  const found = lookups.registryByPin.get(f.pin);
  const person = found && visible(found, ctx) ? found : undefined;
  if (!person) {
    // A scoped officer learns the same of an unknown PIN and of a person outside the jurisdiction: any commune may
    // receive the ballot; an officer covering the person compares and approves it.
    if ((ctx.jurisdiction ?? null) !== null) {
      out.push(issue('pin', 'pin.not_in_jurisdiction', f.pin, `no person of your jurisdiction has PIN ${f.pin}`));
    } else out.push(issue('pin', 'pin.not_in_registry', f.pin, `no person in the registry has PIN ${f.pin}`));
    return;
  }
  result.personId = person.personId;
  aliveIssues(out, 'pin', person);
  if (d.oldValue !== '' && person.state) {
    const held = registryValue(person.state, d.field as Dc01Key, ctx);
    if (held !== undefined && !sameValue(d.field as Dc01Key, d.oldValue, held, ctx)) {
      out.push(
        issue(
          'old_value',
          'dc02.old_value_mismatch',
          d.oldValue,
          `the registry holds ${JSON.stringify(held)} for ${d.field}`,
        ),
      );
    }
  }
  const key = `${f.pin}:${d.field}`;
  const before = byPin.get(key);
  if (before !== undefined && before < index) {
    result.duplicateOf = { row: before };
    out.push(
      issue(
        'field',
        'clean.duplicate_in_file',
        d.field,
        `a change of ${d.field} of ${f.pin} ${earlier(rows[before]!.rowNo)}`,
      ),
    );
    return;
  }
  const stored = lookups.ballotsByPin.get(f.pin)?.find((b) => b.field === d.field);
  if (stored) {
    result.duplicateOf = { id: stored.id };
    out.push(
      issue(
        'field',
        duplicateRule(stored.jobId, ctx),
        d.field,
        `a change of ${d.field} of ${f.pin} ${earlierStored(stored, ctx)}`,
      ),
    );
  }
}
