// The face photo sent with an application: a base64 JPEG that must decode, of a sensible size.
import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { ValidationError } from '../../domain/errors.ts';

/** Larger than any ICAO face image (typically 15–30 KB); keeps a request from storing a huge blob. */
const MAX_BYTES = 512 * 1024;

export interface CheckedPhoto {
  bytes: Uint8Array;
  sha256: string;
  width: number;
  height: number;
}

function bad(message: string, rule = 'card.photo.format'): ValidationError {
  return new ValidationError([{ field: 'photo', rule, message }]);
}

/** Decodes and checks the photo; throws a ValidationError naming what is wrong with it. */
export function checkPhoto(base64: string): CheckedPhoto {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.replace(/\s+/g, ''))) throw bad('is not base64');
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  if (bytes.length > MAX_BYTES) throw bad(`is larger than ${MAX_BYTES} bytes (${bytes.length})`, 'card.photo.size');
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) throw bad('is not a JPEG image');
  let image: { width: number; height: number };
  try {
    image = jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: 4, maxMemoryUsageInMB: 64 });
  } catch (err) {
    throw bad(`does not decode as JPEG: ${(err as Error).message}`);
  }
  if (image.width < 32 || image.height < 32) throw bad(`is too small (${image.width}×${image.height})`);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), ...image };
}
