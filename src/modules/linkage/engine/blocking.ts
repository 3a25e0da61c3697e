// Blocking as a union of equi-join rules: a pair is a candidate when it agrees on every key of at least one rule.
// Each rule's pair count and largest block are measured before any pair is made. Giant blocks are skipped for
// that rule (the other rules still see their records), and so are a rule's largest blocks beyond a budget of pairs
// per record. A pair found by several rules is kept once, under the first rule that finds it (Splink's approach):
// rule r drops a pair that an earlier rule already produces, which is a lookup in two integer arrays, not a global
// hash set of pairs. Blocks are stored as block numbers per record plus one grouped array of members (no object
// per block), because at scale the rules hold millions of blocks.
import { ruleBlockIds, ruleLabel, type TermIds } from './keys.ts';
import type { Prepared } from './prepare.ts';
import type { Rng } from './random.ts';

export interface RuleStats {
  rule: string;
  blocks: number;
  largestBlock: number;
  /** Pairs the rule's blocks hold, before skipping giant blocks and before removing pairs of earlier rules. */
  pairs: number;
  skippedBlocks: number;
  skippedPairs: number;
  /** Pairs this rule adds to those of the rules before it. */
  newPairs: number;
}

/** One rule's blocks: records grouped by block, left-file records first within each block. */
export interface RuleBlocks {
  /** Block number per record, -1 where a key is null. */
  blockOf: Int32Array;
  /** members[start[b] .. start[b+1]) are the records of block b. */
  start: Int32Array;
  members: Int32Array;
  /** Records of the first file per block (all of them in a dedupe). */
  leftCount: Int32Array;
  skipped: Uint8Array;
}

export interface BlockingPlan {
  rules: string[][];
  stats: RuleStats[];
  link: boolean;
  nLeft: number;
  blocks: RuleBlocks[];
}

export interface PairList {
  left: Uint32Array;
  right: Uint32Array;
  /** Index of the rule that produced each pair. */
  rule: Uint8Array;
  length: number;
}

export interface BlockLimits {
  /** Blocks that would hold more pairs than a block of this many records are skipped. */
  maxBlockSize: number;
  /** Per rule, pairs beyond this many per record are not made: the largest blocks are skipped until under it. */
  maxPairsPerRecord: number;
}

type Source = Pick<Prepared, 'units' | 'slots' | 'n' | 'nLeft' | 'link'>;

function blockPairs(rb: RuleBlocks, b: number, link: boolean): number {
  const size = rb.start[b + 1]! - rb.start[b]!;
  const left = rb.leftCount[b]!;
  return link ? left * (size - left) : (size * (size - 1)) / 2;
}

function groupBlocks(p: Source, blocks: TermIds): RuleBlocks {
  const blockOf = blocks.ids;
  const count = blocks.count;
  const start = new Int32Array(count + 1);
  const leftCount = new Int32Array(count);
  for (let i = 0; i < p.n; i++) {
    const b = blockOf[i]!;
    if (b < 0) continue;
    start[b + 1]!++;
    if (!p.link || i < p.nLeft) leftCount[b]!++;
  }
  for (let b = 0; b < count; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, count);
  const members = new Int32Array(start[count]!);
  // Records in index order, so the left file's records (indices below nLeft) come first in every block.
  for (let i = 0; i < p.n; i++) {
    const b = blockOf[i]!;
    if (b >= 0) members[fill[b]!++] = i;
  }
  return { blockOf, start, members, leftCount, skipped: new Uint8Array(count) };
}

function skip(rb: RuleBlocks, b: number, n: number, stats: RuleStats): void {
  rb.skipped[b] = 1;
  stats.skippedBlocks++;
  stats.skippedPairs += n;
}

// Key columns of one input, kept while its prepared slots live: blocking, the prior's strict rules and the EM
// sessions plan over the same terms, and numbering a term's values over millions of records is not free.
const termCaches = new WeakMap<object, Map<string, TermIds>>();

function termCache(p: Source): Map<string, TermIds> {
  let cache = termCaches.get(p.slots);
  if (!cache) {
    cache = new Map();
    termCaches.set(p.slots, cache);
  }
  return cache;
}

/** Block numbers and pair counts per rule, giant blocks marked as skipped; nothing pairwise yet. */
export function planBlocking(p: Source, rules: string[][], limits: BlockLimits): BlockingPlan {
  if (rules.length > 255) throw new Error('at most 255 blocking rules');
  const maxPairs = p.link ? limits.maxBlockSize ** 2 : (limits.maxBlockSize * (limits.maxBlockSize - 1)) / 2;
  const budget = limits.maxPairsPerRecord * p.n;
  const plan: BlockingPlan = { rules, stats: [], link: p.link, nLeft: p.nLeft, blocks: [] };
  const cache = termCache(p);
  for (const rule of rules) {
    const rb = groupBlocks(p, ruleBlockIds(p, rule, cache));
    const stats: RuleStats = {
      rule: ruleLabel(rule),
      blocks: 0,
      largestBlock: 0,
      pairs: 0,
      skippedBlocks: 0,
      skippedPairs: 0,
      newPairs: 0,
    };
    const withPairs: number[] = [];
    for (let b = 0; b < rb.leftCount.length; b++) {
      const n = blockPairs(rb, b, p.link);
      if (n === 0) continue;
      stats.blocks++;
      stats.largestBlock = Math.max(stats.largestBlock, rb.start[b + 1]! - rb.start[b]!);
      stats.pairs += n;
      if (n > maxPairs) skip(rb, b, n, stats);
      else withPairs.push(b);
    }
    // Largest blocks first, until the rule is within its budget: those are the common values other rules cover.
    let kept = stats.pairs - stats.skippedPairs;
    if (kept > budget) {
      withPairs.sort((x, y) => blockPairs(rb, y, p.link) - blockPairs(rb, x, p.link));
      for (const b of withPairs) {
        if (kept <= budget) break;
        const n = blockPairs(rb, b, p.link);
        skip(rb, b, n, stats);
        kept -= n;
      }
    }
    plan.stats.push(stats);
    plan.blocks.push(rb);
  }
  return plan;
}

/** True when rule r puts records i and j in one (not skipped) block. */
export function ruleHolds(plan: BlockingPlan, r: number, i: number, j: number): boolean {
  const rb = plan.blocks[r]!;
  const b = rb.blockOf[i]!;
  return b >= 0 && b === rb.blockOf[j] && rb.skipped[b] === 0;
}

/** True when blocking produces the pair (i, j): the test behind blocking recall, without storing pairs. */
export function isCandidate(plan: BlockingPlan, i: number, j: number): boolean {
  if (plan.link && i < plan.nLeft === j < plan.nLeft) return false;
  for (let r = 0; r < plan.rules.length; r++) if (ruleHolds(plan, r, i, j)) return true;
  return false;
}

class PairBuffer {
  left = new Uint32Array(1024);
  right = new Uint32Array(1024);
  rule = new Uint8Array(1024);
  length = 0;
  push(i: number, j: number, r: number): void {
    if (this.length === this.left.length) {
      const grow = <T extends Uint32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
      this.rule = grow(this.rule);
    }
    this.left[this.length] = i;
    this.right[this.length] = j;
    this.rule[this.length] = r;
    this.length++;
  }
  list(): PairList {
    const n = this.length;
    return {
      left: this.left.subarray(0, n),
      right: this.right.subarray(0, n),
      rule: this.rule.subarray(0, n),
      length: n,
    };
  }
}

/** Every candidate pair once; i < j in a dedupe, left file first in a link. */
export function generatePairs(plan: BlockingPlan): PairList {
  const buf = new PairBuffer();
  const seenBefore = (r: number, i: number, j: number): boolean => {
    for (let q = 0; q < r; q++) if (ruleHolds(plan, q, i, j)) return true;
    return false;
  };
  plan.blocks.forEach((rb, r) => {
    const before = buf.length;
    const { start, members, leftCount, skipped } = rb;
    for (let b = 0; b < skipped.length; b++) {
      if (skipped[b] === 1) continue;
      const from = start[b]!;
      const to = start[b + 1]!;
      // Dedupe: every two records of the block. Link: each left record (first in the block) with each right one.
      const rightFrom = plan.link ? from + leftCount[b]! : -1;
      for (let x = from; x < (plan.link ? rightFrom : to); x++) {
        for (let y = plan.link ? rightFrom : x + 1; y < to; y++) {
          const i = members[x]!;
          const j = members[y]!;
          if (!seenBefore(r, i, j)) buf.push(i, j, r);
        }
      }
    }
    plan.stats[r]!.newPairs = buf.length - before;
  });
  return buf.list();
}

/** All pairs of the input: n(n−1)/2 in a dedupe, |A|·|B| in a link. */
export function totalPairs(p: Pick<Prepared, 'n' | 'nLeft' | 'link'>): number {
  return p.link ? p.nLeft * (p.n - p.nLeft) : (p.n * (p.n - 1)) / 2;
}

/**
 * About `target` pairs of one rule, drawn evenly from all its blocks without making the others: the pairs of an EM
 * training session, where a rule such as "same date of birth" holds billions of pairs at national scale. No cap:
 * the big blocks are exactly the ones a session must see. Pairs may repeat when a block is small.
 */
export function sampleRulePairs(
  p: Source,
  rule: string[],
  target: number,
  rng: Rng,
): { left: Uint32Array; right: Uint32Array } {
  const plan = planBlocking(p, [rule], {
    maxBlockSize: Number.POSITIVE_INFINITY,
    maxPairsPerRecord: Number.POSITIVE_INFINITY,
  });
  const total = plan.stats[0]!.pairs;
  if (total <= target) return generatePairs(plan);
  const q = target / total;
  const rb = plan.blocks[0]!;
  const buf = new PairBuffer();
  for (let b = 0; b < rb.skipped.length; b++) {
    const expected = q * blockPairs(rb, b, p.link);
    const k = Math.floor(expected) + (rng.next() < expected % 1 ? 1 : 0);
    const from = rb.start[b]!;
    const size = rb.start[b + 1]! - from;
    const left = rb.leftCount[b]!;
    for (let x = 0; x < k; x++) {
      if (p.link) {
        buf.push(rb.members[from + rng.int(left)]!, rb.members[from + left + rng.int(size - left)]!, 0);
        continue;
      }
      const i = rng.int(size);
      let j = rng.int(size - 1);
      if (j >= i) j++;
      buf.push(rb.members[from + Math.min(i, j)]!, rb.members[from + Math.max(i, j)]!, 0);
    }
  }
  return buf.list();
}
