// Minimal DER: enough to assemble the security object of a card byte by byte (tens of thousands per batch, where
// building ASN.1 object trees would cost more than the signature) and to walk one when checking it.

/** Tag, length and contents: the encoding of one element. */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = contents.length === 1 ? contents[0]! : Buffer.concat(contents);
  const n = body.length;
  const head =
    n < 0x80
      ? [tag, n]
      : n < 0x100
        ? [tag, 0x81, n]
        : n < 0x10000
          ? [tag, 0x82, n >> 8, n & 0xff]
          : [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from(head), body]);
}

export const seq = (...c: Uint8Array[]): Buffer => tlv(0x30, ...c);
export const set = (...c: Uint8Array[]): Buffer => tlv(0x31, ...c);
export const octets = (b: Uint8Array): Buffer => tlv(0x04, b);
export const explicit = (n: number, ...c: Uint8Array[]): Buffer => tlv(0xa0 | n, ...c);

/** A small non-negative INTEGER. */
export function int(v: number): Buffer {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** An OBJECT IDENTIFIER from its dotted form (arcs of any size: 2.25 UUID arcs are 128-bit). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const out: number[] = [];
  for (const arc of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    const b: number[] = [Number(arc & 0x7fn)];
    for (let x = arc >> 7n; x > 0n; x >>= 7n) b.unshift(Number(x & 0x7fn) | 0x80);
    out.push(...b);
  }
  return tlv(0x06, Buffer.from(out));
}

export interface Element {
  tag: number;
  /** Offset of the tag, of the contents, and just past the end, in the buffer read. */
  start: number;
  body: number;
  end: number;
}

/** The element starting at `at` (definite lengths only, as DER requires); throws on truncated input. */
export function read(buf: Uint8Array, at = 0): Element {
  if (at + 2 > buf.length) throw new Error('DER: truncated');
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || body + n > buf.length) throw new Error('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i]!;
    body += n;
  }
  const end = body + len;
  if (end > buf.length) throw new Error('DER: truncated');
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags not supported');
  return { tag, start: at, body, end };
}

/** The elements inside a constructed element, which must fill it exactly. */
export function children(buf: Uint8Array, e: Element): Element[] {
  const out: Element[] = [];
  for (let at = e.body; at < e.end; ) {
    const c = read(buf, at);
    if (c.end > e.end) throw new Error('DER: element overruns its parent');
    out.push(c);
    at = c.end;
  }
  return out;
}

/** The one element inside an explicit tag (or an OCTET STRING holding DER), which must fill it exactly. */
export function inner(buf: Uint8Array, e: Element): Element {
  const c = read(buf, e.body);
  if (c.end !== e.end) throw new Error('DER: length mismatch');
  return c;
}

export const contents = (buf: Uint8Array, e: Element): Buffer => Buffer.from(buf.subarray(e.body, e.end));
export const whole = (buf: Uint8Array, e: Element): Buffer => Buffer.from(buf.subarray(e.start, e.end));

/** The dotted form of an OBJECT IDENTIFIER element. */
export function oidOf(buf: Uint8Array, e: Element): string {
  if (e.tag !== 0x06) throw new Error('DER: expected an object identifier');
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = e.body; i < e.end; i++) {
    v = (v << 7n) | BigInt(buf[i]! & 0x7f);
    if (!(buf[i]! & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const top = first < 80n ? first / 40n : 2n;
  return [top, first - top * 40n, ...arcs].join('.');
}

/** The value of a small INTEGER element. */
export function intOf(buf: Uint8Array, e: Element): number {
  if (e.tag !== 0x02) throw new Error('DER: expected an integer');
  let v = 0;
  for (let i = e.body; i < e.end; i++) v = v * 256 + buf[i]!;
  return v;
}
