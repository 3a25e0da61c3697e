// What popreg makes for one card from the printed snapshot taken at approval: the number, the MRZ, the signed QR
// text, the chip's data groups (DG1 MRZ, DG2 face, DG13 Vietnamese data) and the SOD over their hashes, the QR and
// the SOD under one signature (crypto's signCard). Pure apart from the signature: the same inputs give the same data groups, so an export rebuilds DG1 and DG2 from the
// stored MRZ and photo and they still match the hashes signed at production.
import type { PrintedCard } from '../../../domain/card/card.types.ts';
import { encodeDg1, encodeDg2, encodeDg2Parts, encodeDg13 } from '../../../domain/card/lds.ts';
import { buildMrz } from '../../../domain/card/mrz.ts';
import { cardNumber, mrzDocumentNumber } from '../../../domain/card/number.ts';
import { qrText } from '../../../domain/card/qr.ts';
import { expiryFor } from '../../../domain/card/renewal.ts';
import type { ActiveSigner } from '../crypto/card.keys.ts';
import { signCard } from '../crypto/card.sign.ts';
import type { DataGroupBytes } from '../crypto/card.sod.ts';
import type { ChunkCard } from './card.production.bulk.repository.ts';

/** A face image for DG2: the JPEG and its size in pixels. */
export interface FaceImage {
  jpeg: Uint8Array;
  width: number;
  height: number;
}

/** One approved application to turn into a card. */
export interface CardToBuild {
  applicationId: number;
  personId: number;
  /** The printed snapshot as stored (JSON): parsed where the card is built, off the thread that writes. */
  printed: string;
  photo: FaceImage | null;
  unitCode: string | null;
  provinceCode: string | null;
}

/** A built card: what the batch writes, and nothing more crosses back from a worker. */
export type BuiltCard = ChunkCard;

/**
 * The card's printed data as of its issue date: the snapshot's fields with the batch date as issue date and the
 * expiry that date gives (the next renewal age, or none from 58 on).
 */
export function printedOn(printed: PrintedCard, issuedOn: string): PrintedCard {
  return { ...printed, issuedOn, expiresOn: expiryFor(printed.dateOfBirth, issuedOn) };
}

/** The chip's data groups by number: DG1 and DG13 always, DG2 only for a card with a photo (6 and over). */
export function dataGroupsOf(
  mrz: readonly string[],
  photo: FaceImage | null,
  dg13: Uint8Array,
): Map<number, Uint8Array> {
  const groups = new Map<number, Uint8Array>([[1, encodeDg1(mrz)]]);
  if (photo) groups.set(2, encodeDg2(photo.jpeg, photo.width, photo.height));
  groups.set(13, dg13);
  return groups;
}

/** Builds one card issued on `issuedOn`, signing its QR text and SOD with `signer`. */
export function buildCard(c: CardToBuild, issuedOn: string, signer: ActiveSigner): BuiltCard {
  const printed = printedOn(JSON.parse(c.printed) as PrintedCard, issuedOn);
  const mrz = buildMrz(printed);
  const dg13 = encodeDg13(printed);
  // One signature covers both: the SOD's signed attributes carry the QR text's digest, and the QR carries them.
  const photo = printed.photo ? c.photo : null;
  // The same data groups as dataGroupsOf, DG2 as pieces: the photo is hashed where it lies.
  const groups = new Map<number, DataGroupBytes>([[1, encodeDg1(mrz)]]);
  if (photo) groups.set(2, encodeDg2Parts(photo.jpeg, photo.width, photo.height));
  groups.set(13, dg13);
  const { qr, sod } = signCard(qrText(printed), groups, signer);
  return {
    applicationId: c.applicationId,
    personId: c.personId,
    number: cardNumber(printed.number),
    docNumber: mrzDocumentNumber(printed.number),
    generation: printed.generation,
    issuedOn: printed.issuedOn,
    expiresOn: printed.expiresOn,
    mrz: mrz.join('\n'),
    qr,
    sod,
    dg13,
    unitCode: c.unitCode,
    provinceCode: c.provinceCode,
  };
}

/**
 * Width and height of a baseline or progressive JPEG from its first start-of-frame segment (DG2 records the
 * image size; decoding the whole image only to learn it would cost more than the rest of the card).
 */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (jpeg[i + 5]! << 8) | jpeg[i + 6]!, width: (jpeg[i + 7]! << 8) | jpeg[i + 8]! };
    }
    i += 2 + length;
  }
  return null;
}
