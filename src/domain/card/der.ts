// A tiny DER writer for the chip's fixed structures: the tree is built first so every length is known, then
// written once into a single buffer. A photo (the bulk of a card's bytes) is thus copied once, not once per
// enclosing template, which matters when a production batch builds 100,000 cards.

const utf8 = new TextEncoder();

export interface DerNode {
  tag: number;
  /** Content length in bytes. */
  size: number;
  parts: readonly Uint8Array[] | null;
  /** Text content, written as UTF-8 straight into the output (no intermediate array per string). */
  text: string | null;
  children: readonly DerNode[] | null;
}

/** A primitive element whose content is the given byte strings, concatenated. Tags are written as numbers, e.g. 0x5F1F. */
export function prim(tag: number, ...parts: Uint8Array[]): DerNode {
  let size = 0;
  for (const p of parts) size += p.length;
  return { tag, size, parts, children: null, text: null };
}

/** UTF-8 length as TextEncoder writes it: a surrogate pair is 4 bytes, a lone surrogate becomes U+FFFD (3). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** A primitive element holding a string as UTF-8 (e.g. tag 0x0C, UTF8String). */
export function text(tag: number, s: string): DerNode {
  return { tag, size: utf8Length(s), parts: null, children: null, text: s };
}

/** A constructed element holding the given elements. */
export function cons(tag: number, ...children: DerNode[]): DerNode {
  let size = 0;
  for (const c of children) size += encodedSize(c);
  return { tag, size, parts: null, children, text: null };
}

function tagLength(tag: number): number {
  return tag > 0xffffff ? 4 : tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
}

function lengthLength(n: number): number {
  return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 5;
}

export function encodedSize(n: DerNode): number {
  return tagLength(n.tag) + lengthLength(n.size) + n.size;
}

function write(n: DerNode, out: Uint8Array, start: number, skip: Uint8Array | null = null): number {
  let at = start;
  for (let i = tagLength(n.tag) - 1; i >= 0; i--) out[at++] = Math.floor(n.tag / 2 ** (8 * i)) & 0xff;
  const ll = lengthLength(n.size);
  if (ll === 1) out[at++] = n.size;
  else {
    // Long form: 0x80 | number of length bytes, then the length big-endian (X.690 §8.1.3.5, minimal as DER wants).
    out[at++] = 0x80 | (ll - 1);
    for (let i = ll - 2; i >= 0; i--) out[at++] = Math.floor(n.size / 2 ** (8 * i)) & 0xff;
  }
  if (n.text !== null) {
    at += utf8.encodeInto(n.text, out.subarray(at, at + n.size)).written;
  } else if (n.parts !== null) {
    for (const p of n.parts) {
      if (p !== skip) out.set(p, at);
      at += p.length;
    }
  } else {
    for (const c of n.children!) at = write(c, out, at, skip);
  }
  return at;
}

export function der(n: DerNode): Uint8Array {
  const out = new Uint8Array(encodedSize(n));
  write(n, out, 0);
  return out;
}

/**
 * The encoding of `n` up to `tail`, which must be the last part written: the encoding is these bytes followed by
 * `tail` itself. A chip's face image is hashed from the two pieces, not copied into a new buffer once per card.
 */
export function derBefore(n: DerNode, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(encodedSize(n) - tail.length);
  write(n, out, 0, tail);
  return out;
}
