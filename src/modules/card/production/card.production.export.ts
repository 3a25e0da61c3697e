// What a batch export holds per card, the same in the export directory (one JSON file per card) and in the
// NDJSON answer: the MRZ, the signed QR text, the SOD as base64 DER and the data groups as base64, rebuilt from the
// stored MRZ, photo and DG13 exactly as they were hashed into the SOD at production.
import type { Db } from '../../../db/database.ts';
import type { PrintedCard } from '../../../domain/card/card.types.ts';
import { dataGroupsOf, jpegSize } from './card.production.build.ts';
import { batchCardsAfter, photoBytes } from './card.production.repository.ts';

export interface ExportRecord {
  id: number;
  applicationId: number;
  number: string;
  mrz: string[];
  qr: string;
  /** CMS SignedData, DER, base64. */
  sod: string;
  /** Data group number → base64 bytes: "1" (MRZ), "2" (face, when the card has a photo), "13". */
  dataGroups: Record<string, string>;
  printed: PrintedCard;
}

const PAGE = 500;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The batch's cards in id order, with the face JPEG (for the previews) beside each record. */
export async function* exportRecords(
  db: Db,
  batchId: number,
): AsyncGenerator<ExportRecord & { photoJpeg: Uint8Array | null }> {
  let after = 0;
  for (;;) {
    const rows = await batchCardsAfter(db, batchId, after, PAGE);
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.id);
    const photos = await photoBytes(
      db,
      rows.flatMap((r) => (r.photo_id === null ? [] : [r.photo_id])),
    );
    for (const r of rows) {
      const printed = JSON.parse(r.printed ?? 'null') as PrintedCard;
      // The card's own issue and expiry dates (the snapshot was taken before the batch fixed them).
      const mrz = r.mrz.split('\n');
      const jpeg = r.photo_id === null ? null : (photos.get(r.photo_id) ?? null);
      const size = jpeg ? jpegSize(jpeg) : null;
      const face = printed.photo && jpeg && size ? { jpeg, ...size } : null;
      const groups = dataGroupsOf(mrz, face, r.dg13 ?? new Uint8Array());
      yield {
        id: Number(r.id),
        applicationId: Number(r.application_id),
        number: r.number,
        mrz,
        qr: r.qr,
        sod: r.sod ? b64(r.sod) : '',
        dataGroups: Object.fromEntries([...groups].map(([n, bytes]) => [String(n), b64(bytes)])),
        printed: { ...printed, issuedOn: r.issued_on, expiresOn: r.expires_on },
        photoJpeg: face ? jpeg : null,
      };
    }
  }
}
