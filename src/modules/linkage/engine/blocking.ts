// Blocking as a union of equi-join rules: a pair is a candidate when it agrees on every key of at least one rule.
// Each rule's pair count and largest block are measured before any pair is made, giant blocks are skipped for
// that rule (the other rules still see their records), and so are a rule's largest blocks beyond a budget of pairs
// per record, and a pair found by several rules is kept once, under the
// first rule that finds it (Splink's approach): rule r drops a pair that an earlier rule already produces, which
// is a key comparison, not a global hash set of pairs.

import { ruleKeys, ruleLabel } from './keys.ts';
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

export interface BlockingPlan {
  rules: string[][];
  keys: string[][];
  /** Per rule, the keys of the blocks skipped as too large. */
  skipped: Set<string>[];
  stats: RuleStats[];
  link: boolean;
  nLeft: number;
  /** Record indices per block, grouped once (left then right side in a link). */
  blocks: Map<string, { left: number[]; right: number[] }>[];
}

export interface PairList {
  left: Uint32Array;
  right: Uint32Array;
  /** Index of the rule that produced each pair. */
  rule: Uint8Array;
  length: number;
}

function blockPairs(b: { left: number[]; right: number[] }, link: boolean): number {
  return link ? b.left.length * b.right.length : (b.left.length * (b.left.length - 1)) / 2;
}

/** Keys, blocks and pair counts per rule; nothing pairwise yet. */
export interface BlockLimits {
  /** Blocks that would hold more pairs than a block of this many records are skipped. */
  maxBlockSize: number;
  /** Per rule, pairs beyond this many per record are not made: the largest blocks are skipped until under it. */
  maxPairsPerRecord: number;
}

/** Largest blocks first, until the rule is within its budget: those are the common values other rules cover. */
function skipOverBudget(
  blocks: Map<string, { left: number[]; right: number[] }>,
  link: boolean,
  budget: number,
  stats: RuleStats,
  skipped: Set<string>,
): void {
  let kept = stats.pairs - stats.skippedPairs;
  if (kept <= budget) return;
  const bySize = [...blocks].map(([k, b]) => [k, blockPairs(b, link)] as const).sort((x, y) => y[1] - x[1]);
  for (const [k, n] of bySize) {
    if (kept <= budget) break;
    skipped.add(k);
    blocks.delete(k);
    stats.skippedBlocks++;
    stats.skippedPairs += n;
    kept -= n;
  }
}

export function planBlocking(
  p: Pick<Prepared, 'units' | 'slots' | 'n' | 'nLeft' | 'link'>,
  rules: string[][],
  limits: BlockLimits,
): BlockingPlan {
  const { maxBlockSize } = limits;
  if (rules.length > 255) throw new Error('at most 255 blocking rules');
  const maxPairs = p.link ? maxBlockSize * maxBlockSize : (maxBlockSize * (maxBlockSize - 1)) / 2;
  const plan: BlockingPlan = { rules, keys: [], skipped: [], stats: [], link: p.link, nLeft: p.nLeft, blocks: [] };
  for (const rule of rules) {
    const keys = ruleKeys(p, rule);
    const blocks = new Map<string, { left: number[]; right: number[] }>();
    for (let i = 0; i < p.n; i++) {
      const k = keys[i]!;
      if (k === '') continue;
      let b = blocks.get(k);
      if (!b) {
        b = { left: [], right: [] };
        blocks.set(k, b);
      }
      (p.link && i >= p.nLeft ? b.right : b.left).push(i);
    }
    const stats: RuleStats = {
      rule: ruleLabel(rule),
      blocks: 0,
      largestBlock: 0,
      pairs: 0,
      skippedBlocks: 0,
      skippedPairs: 0,
      newPairs: 0,
    };
    const skipped = new Set<string>();
    for (const [k, b] of blocks) {
      const n = blockPairs(b, p.link);
      if (n === 0) {
        blocks.delete(k);
        continue;
      }
      stats.blocks++;
      stats.largestBlock = Math.max(stats.largestBlock, b.left.length + b.right.length);
      stats.pairs += n;
      if (n > maxPairs) {
        skipped.add(k);
        blocks.delete(k);
        stats.skippedBlocks++;
        stats.skippedPairs += n;
      }
    }
    skipOverBudget(blocks, p.link, limits.maxPairsPerRecord * p.n, stats, skipped);
    plan.keys.push(keys);
    plan.skipped.push(skipped);
    plan.stats.push(stats);
    plan.blocks.push(blocks);
  }
  return plan;
}

/** True when rule r puts records i and j in one (not skipped) block. */
export function ruleHolds(plan: BlockingPlan, r: number, i: number, j: number): boolean {
  const keys = plan.keys[r]!;
  const k = keys[i]!;
  return k !== '' && k === keys[j] && !plan.skipped[r]!.has(k);
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
}

/** Every candidate pair once; i < j in a dedupe, left file first in a link. */
export function generatePairs(plan: BlockingPlan): PairList {
  const buf = new PairBuffer();
  const seenBefore = (r: number, i: number, j: number): boolean => {
    for (let q = 0; q < r; q++) if (ruleHolds(plan, q, i, j)) return true;
    return false;
  };
  plan.blocks.forEach((blocks, r) => {
    const before = buf.length;
    for (const b of blocks.values()) {
      if (plan.link) {
        for (const i of b.left) for (const j of b.right) if (!seenBefore(r, i, j)) buf.push(i, j, r);
        continue;
      }
      const ids = b.left;
      for (let x = 0; x < ids.length; x++) {
        for (let y = x + 1; y < ids.length; y++) {
          const i = Math.min(ids[x]!, ids[y]!);
          const j = Math.max(ids[x]!, ids[y]!);
          if (!seenBefore(r, i, j)) buf.push(i, j, r);
        }
      }
    }
    plan.stats[r]!.newPairs = buf.length - before;
  });
  return {
    left: buf.left.subarray(0, buf.length),
    right: buf.right.subarray(0, buf.length),
    rule: buf.rule.subarray(0, buf.length),
    length: buf.length,
  };
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
  p: Pick<Prepared, 'units' | 'slots' | 'n' | 'nLeft' | 'link'>,
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
  const buf = new PairBuffer();
  for (const b of plan.blocks[0]!.values()) {
    const expected = q * blockPairs(b, p.link);
    const k = Math.floor(expected) + (rng.next() < expected % 1 ? 1 : 0);
    for (let x = 0; x < k; x++) {
      if (p.link) {
        buf.push(b.left[rng.int(b.left.length)]!, b.right[rng.int(b.right.length)]!, 0);
        continue;
      }
      const i = rng.int(b.left.length);
      let j = rng.int(b.left.length - 1);
      if (j >= i) j++;
      buf.push(Math.min(b.left[i]!, b.left[j]!), Math.max(b.left[i]!, b.left[j]!), 0);
    }
  }
  return { left: buf.left.subarray(0, buf.length), right: buf.right.subarray(0, buf.length) };
}
