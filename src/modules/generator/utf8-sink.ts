// Byte sinks that strings are UTF-8-encoded into field by field. Building a CSV line by string concatenation
// makes V8 create a rope that must be flattened before encoding, which measured at ~4 µs a line, most of the
// writer's time; encoding each (flat) field straight into a byte buffer avoids it. Two sinks: a file written
// in 1 MiB chunks with backpressure, and a growing in-memory buffer for worker threads.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { CsvSink } from './csv.ts';

const SPECIAL = /[",\r\n]/;

const COMMA = 44;
const LF = 10;

export abstract class ByteSink implements CsvSink {
  protected buf: Uint8Array;
  protected off = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for at least `need` more bytes. */
  protected abstract room(need: number): void;

  get offset(): number {
    return this.off;
  }

  /** Writes `s` as UTF-8 (surrogate pairs become 4-byte sequences) followed by the byte `end`. */
  private put(s: string, end: number): void {
    const n = s.length;
    if (this.off + 3 * n + 1 > this.buf.length) this.room(3 * n + 1);
    const buf = this.buf;
    let off = this.off;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) buf[off++] = c;
      else if (c < 0x800) {
        buf[off++] = 0xc0 | (c >> 6);
        buf[off++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        buf[off++] = 0xf0 | (cp >> 18);
        buf[off++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[off++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[off++] = 0x80 | (cp & 0x3f);
      } else {
        buf[off++] = 0xe0 | (c >> 12);
        buf[off++] = 0x80 | ((c >> 6) & 0x3f);
        buf[off++] = 0x80 | (c & 0x3f);
      }
    }
    if (end >= 0) buf[off++] = end;
    this.off = off;
  }

  raw(s: string): void {
    this.put(s, COMMA);
  }

  last(s: string): void {
    this.put(s, LF);
  }

  /** Text without a separator (headers). */
  plain(s: string): void {
    this.put(s, -1);
  }

  /** A CSV field that may need quoting (RFC 4180: quote when it holds a comma, a quote or a line break). */
  text(s: string): void {
    if (SPECIAL.test(s)) this.put(`"${s.replaceAll('"', '""')}"`, COMMA);
    else this.put(s, COMMA);
  }
}

/** Everything in memory, for a worker to hand over as one transferable buffer. */
export class MemorySink extends ByteSink {
  constructor() {
    super(1 << 20);
  }

  protected room(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.off + need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.off));
    this.buf = next;
  }

  /** The bytes written, as a view on a buffer the caller may transfer. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.off);
  }
}

const CHUNK = 1 << 20;

/** A file written in chunks; the caller awaits `drain()` when `mustWait` says the disk is behind. */
export class FileSink extends ByteSink {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private blocked = false;

  constructor(path: string) {
    super(CHUNK);
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Hands the filled part to the stream (which keeps it) and starts a fresh buffer. */
  protected room(need: number): void {
    this.spill();
    if (need > this.buf.length) this.buf = new Uint8Array(need);
  }

  private spill(): void {
    if (this.off === 0) return;
    if (!this.stream.write(this.buf.subarray(0, this.off))) this.blocked = true;
    this.buf = new Uint8Array(Math.max(CHUNK, this.buf.length));
    this.off = 0;
  }

  /** Writes already-encoded bytes (a worker's block) after what is buffered. */
  bytes(data: Uint8Array): void {
    this.spill();
    if (!this.stream.write(data)) this.blocked = true;
  }

  get mustWait(): boolean {
    return this.blocked;
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    await once(this.stream, 'drain');
    this.blocked = false;
  }

  async close(): Promise<void> {
    this.spill();
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    if (this.failure) throw this.failure;
  }
}
