import type { PrintedCard } from '../../../domain/card/card.types.ts';

/** Everything printed on a card: the approved snapshot, the MRZ lines, the QR text and the photo (JPEG). */
export interface CardArt {
  printed: PrintedCard;
  mrz: readonly string[];
  qr: string;
  photoJpeg: Uint8Array | null;
}
