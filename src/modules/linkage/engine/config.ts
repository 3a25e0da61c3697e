// The linkage configuration: which columns are compared and how, and which blocking rules produce candidate
// pairs. It is plain JSON so that `popreg link` can print the one it guessed and the user can edit and reuse it.
//
// Key references (in blocking, training and prior rules) name a comparison, optionally with a transform:
//   "surname"            the comparison's standard key (folded name with regional variants merged, full date, ID)
//   "surname:phonetic"   Soundex of the folded name        "dob:year"   year of birth (any precision)
//   "given:initial"      first letter                      "postcode:prefix3"   first three characters
//   "email:user"         the part before @                 "given|surname"  the two values as an unordered set
//                                                          (agrees when given name and surname are swapped)
// A "fullname" field yields three comparisons, "<name>.family", "<name>.middle" and "<name>.given".

export const FIELD_TYPES = [
  'given',
  'surname',
  'middle',
  'name',
  'fullname',
  'date',
  'sex',
  'id',
  'phone',
  'email',
  'postcode',
  'address',
  'number',
  'category',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface DateColumns {
  year: string;
  month?: string;
  day?: string;
}

export interface FieldConfig {
  /** Comparison name, used in key references and as the prefix of output columns. */
  name: string;
  type: FieldType;
  /** Input column; defaults to `name`. */
  column?: string;
  /** A date spread over separate columns (type "date" only). */
  columns?: DateColumns;
  /** Term-frequency adjustment on exact agreement (default: on for names and places, off otherwise). */
  tf?: boolean;
  /** Names: another name comparison; agreeing crosswise with it is its own "swapped" level. */
  swapWith?: string;
  /** fullname: word order; the registry writes family name first. */
  order?: 'family-first' | 'given-first';
  /**
   * Compare only where this earlier comparison agrees (any level but "else"), and count as null elsewhere: a street
   * within a commune, a house number within a street. Its weights are then the evidence given that agreement, so
   * nested places are not counted twice (siblings share a commune and an address).
   */
  within?: string;
}

export interface LinkConfig {
  /** Column holding the record identifier; default: the first column. */
  idColumn?: string;
  fields: FieldConfig[];
  /** Union of equi-join rules, each a list of key references. */
  blocking: string[][];
  /** EM training sessions, each blocked on its rule; default: the blocking rules. */
  training?: string[][];
  /** Strict deterministic rules and their assumed recall: the starting λ, refined once a model exists. */
  prior?: { rules: string[][]; recall: number };
  /** Blocks holding more records than this are skipped for their rule (reported); default 1000. */
  maxBlockSize?: number;
  /** Per rule, at most this many pairs per input record: beyond it the rule's largest blocks are skipped; default 10. */
  maxPairsPerRecord?: number;
  /** How to read nn/nn/yyyy dates; default "dmy" (Vietnamese and most of the world). */
  dateOrder?: 'dmy' | 'mdy';
  /** Match probability at or above which a pair is written and clustered; default 0.9. */
  threshold?: number;
  /** Clustering: merging two groups of ≥ 2 records needs one link at or above this probability (default 0.99). */
  mergeThreshold?: number;
}

export const DEFAULTS = {
  threshold: 0.9,
  mergeThreshold: 0.99,
  maxBlockSize: 1000,
  maxPairsPerRecord: 10,
  priorRecall: 0.6,
  dateOrder: 'dmy' as const,
};

export function blockLimits(c: LinkConfig): { maxBlockSize: number; maxPairsPerRecord: number } {
  return {
    maxBlockSize: c.maxBlockSize ?? DEFAULTS.maxBlockSize,
    maxPairsPerRecord: c.maxPairsPerRecord ?? DEFAULTS.maxPairsPerRecord,
  };
}

export class LinkConfigError extends Error {
  override readonly name = 'LinkConfigError';
}

/** One compared quantity: a field, or one part of a fullname field. */
export interface Unit {
  name: string;
  /** Comparison levels to use: a fullname part behaves as surname, middle or given. */
  type: Exclude<FieldType, 'fullname'>;
  field: FieldConfig;
  part?: 'family' | 'middle' | 'given';
  tf: boolean;
  swapWith?: string;
  within?: string;
}

const TF_DEFAULT: ReadonlySet<string> = new Set(['given', 'surname', 'middle', 'name']);

export function expandUnits(fields: readonly FieldConfig[]): Unit[] {
  const units: Unit[] = [];
  for (const f of fields) {
    if (f.type === 'fullname') {
      for (const [part, type] of [
        ['family', 'surname'],
        ['middle', 'middle'],
        ['given', 'given'],
      ] as const) {
        units.push({ name: `${f.name}.${part}`, type, field: f, part, tf: f.tf ?? true });
      }
    } else {
      units.push({
        name: f.name,
        type: f.type,
        field: f,
        tf: f.tf ?? TF_DEFAULT.has(f.type),
        swapWith: f.swapWith,
        within: f.within,
      });
    }
  }
  return units;
}

export const TRANSFORMS = ['phonetic', 'initial', 'year', 'yearmonth', 'exact', 'user'] as const;

export interface KeyRef {
  unit: string;
  transform: string;
}

export function parseKeyRef(ref: string): KeyRef {
  const [unit = '', transform = 'key', extra] = ref.split(':');
  if (extra !== undefined || unit === '')
    throw new LinkConfigError(`bad key reference "${ref}": expected "field" or "field:transform"`);
  return { unit, transform };
}

/** A rule term: one key reference, or several joined by "|" whose values count as an unordered set. */
export function parseKeyTerm(term: string): KeyRef[] {
  return term.split('|').map(parseKeyRef);
}

function isTransform(t: string): boolean {
  return t === 'key' || (TRANSFORMS as readonly string[]).includes(t) || /^prefix[1-9]$/.test(t);
}

function checkRules(what: string, rules: unknown, units: Set<string>): void {
  if (!Array.isArray(rules)) throw new LinkConfigError(`config: "${what}" must be a list of rules (lists of keys)`);
  for (const rule of rules) {
    if (!Array.isArray(rule) || rule.length === 0 || rule.some((k) => typeof k !== 'string')) {
      throw new LinkConfigError(
        `config: each "${what}" rule must be a non-empty list of key strings, got ${JSON.stringify(rule)}`,
      );
    }
    for (const ref of rule as string[]) {
      for (const k of parseKeyTerm(ref)) {
        if (!units.has(k.unit))
          throw new LinkConfigError(
            `config: ${what} key "${ref}" names no comparison (known: ${[...units].join(', ')})`,
          );
        if (!isTransform(k.transform))
          throw new LinkConfigError(`config: ${what} key "${ref}": unknown transform "${k.transform}"`);
      }
    }
  }
}

function checkProbability(name: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'number' || !(v > 0 && v < 1))) {
    throw new LinkConfigError(
      `config: "${name}" must be a number between 0 and 1 (exclusive), got ${JSON.stringify(v)}`,
    );
  }
}

/** Checks the shape of a parsed JSON config; the columns are checked against the files later. */
export function validateConfig(raw: unknown): LinkConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new LinkConfigError('config: expected a JSON object');
  const c = raw as LinkConfig;
  if (!Array.isArray(c.fields) || c.fields.length === 0)
    throw new LinkConfigError('config: "fields" must be a non-empty list');
  const seen = new Set<string>();
  for (const f of c.fields) {
    if (typeof f?.name !== 'string' || f.name === '')
      throw new LinkConfigError(`config: every field needs a "name", got ${JSON.stringify(f)}`);
    if (!(FIELD_TYPES as readonly string[]).includes(f.type)) {
      throw new LinkConfigError(
        `config: field "${f.name}" has unknown type ${JSON.stringify(f.type)} (known: ${FIELD_TYPES.join(', ')})`,
      );
    }
    if (seen.has(f.name)) throw new LinkConfigError(`config: field "${f.name}" is listed twice`);
    seen.add(f.name);
    if (f.columns !== undefined && (f.type !== 'date' || typeof f.columns.year !== 'string')) {
      throw new LinkConfigError(`config: field "${f.name}": "columns" is for dates only and needs at least "year"`);
    }
  }
  const order = expandUnits(c.fields).map((u) => u.name);
  const units = new Set(order);
  for (const f of c.fields) {
    if (f.swapWith !== undefined && !units.has(f.swapWith))
      throw new LinkConfigError(`config: field "${f.name}": swapWith "${f.swapWith}" names no comparison`);
    if (f.within !== undefined && !(order.indexOf(f.within) >= 0 && order.indexOf(f.within) < order.indexOf(f.name))) {
      throw new LinkConfigError(
        `config: field "${f.name}": within "${f.within}" must name a comparison listed before it`,
      );
    }
  }
  checkRules('blocking', c.blocking, units);
  if (c.blocking.length === 0) throw new LinkConfigError('config: "blocking" needs at least one rule');
  if (c.training !== undefined) checkRules('training', c.training, units);
  if (c.prior !== undefined) {
    checkRules('prior.rules', c.prior.rules, units);
    checkProbability('prior.recall', c.prior.recall);
  }
  checkProbability('threshold', c.threshold);
  checkProbability('mergeThreshold', c.mergeThreshold);
  if (c.maxBlockSize !== undefined && !(Number.isInteger(c.maxBlockSize) && c.maxBlockSize >= 2)) {
    throw new LinkConfigError('config: "maxBlockSize" must be a whole number ≥ 2');
  }
  if (c.maxPairsPerRecord !== undefined && !(typeof c.maxPairsPerRecord === 'number' && c.maxPairsPerRecord > 0)) {
    throw new LinkConfigError('config: "maxPairsPerRecord" must be a positive number');
  }
  if (c.dateOrder !== undefined && c.dateOrder !== 'dmy' && c.dateOrder !== 'mdy')
    throw new LinkConfigError('config: "dateOrder" must be "dmy" or "mdy"');
  return c;
}

/** Input columns a field reads. */
export function fieldColumns(f: FieldConfig): string[] {
  if (f.columns) return [f.columns.year, f.columns.month, f.columns.day].filter((c): c is string => c !== undefined);
  return [f.column ?? f.name];
}
