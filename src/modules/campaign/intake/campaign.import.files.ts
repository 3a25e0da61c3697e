// Files of imports: the fingerprint that makes a second import of the same file a no-op, where uploaded files wait
// for (and after) their import so a job interrupted by a crash can be resumed, and which process runs a job.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badFile } from '../../intake/index.ts';

export async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (bytes === 0 && code !== undefined) throw badFile.unreadable(path, code);
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Where uploaded files are kept, named by content, until their job is done. */
export function uploadsDir(): string {
  return join(tmpdir(), 'popreg-imports');
}

function uploadPath(sha256: string, fileName: string): string {
  const ext = extname(fileName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '');
  return join(uploadsDir(), `${sha256}${ext}`);
}

/** The stored upload of a file with this content and name, if it is still there. */
export function findUpload(sha256: string, fileName: string): string | undefined {
  const p = uploadPath(sha256, fileName);
  return existsSync(p) ? p : undefined;
}

export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

/**
 * Streams an upload to disk while hashing it (never holding it in memory), then names it by its content. The
 * stream is consumed even when it is refused; `limit` bounds its size.
 */
export async function saveUpload(
  stream: NodeJS.ReadableStream,
  fileName: string,
  limit: number,
): Promise<{ path: string; sha256: string; bytes: number }> {
  mkdirSync(uploadsDir(), { recursive: true });
  const partial = join(uploadsDir(), `upload-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) {
        done(new UploadTooLargeError(limit));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(partial));
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  const sha256 = hash.digest('hex');
  const path = uploadPath(sha256, fileName);
  renameSync(partial, path);
  return { path, sha256, bytes };
}

export function removeUpload(path: string): void {
  if (path.startsWith(uploadsDir())) rmSync(path, { force: true });
}

/** This process, as recorded in import_job.runner. */
export const RUNNER = `${hostname()} ${process.pid}`;

/** Jobs this process is running now. */
export const runningHere = new Set<number>();

/** A runner from another machine that has not written for this long is taken to be gone. */
const STALE_MS = 5 * 60_000;

/** True when the runner recorded on a job is still alive (so the job must not be run a second time). */
export function runnerAlive(runner: string | null, updatedAt: string, jobId: number, now = Date.now()): boolean {
  if (runner === null) return false;
  const [host, pidText] = runner.split(' ');
  const pid = Number(pidText);
  if (runner === RUNNER) return runningHere.has(jobId);
  if (host === hostname() && Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return now - Date.parse(updatedAt) < STALE_MS;
}
