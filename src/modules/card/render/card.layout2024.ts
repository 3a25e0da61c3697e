// The 2024 card, "Căn cước" (Law 26/2023 Art 18, Circular 16/2024), domain.md §4.2: identity on the front (no
// photo on the card of a child under 6), residence, birth registration, QR, dates, issuer and MRZ on the back.
// Hometown, fingerprints and identification marks are no longer printed.

import type { CardArt } from './card.art.ts';
import { emblem } from './card.emblem.ts';
import { qrSvg } from './card.qr.ts';
import {
  cardShell,
  chip,
  field,
  holderName,
  label,
  mrzBand,
  photo,
  printedDate,
  seal,
  sexName,
  stateName,
  text,
  wrap,
} from './card.svg.ts';

const TINT = '#f1dcc8';

export function front2024(card: CardArt): string {
  const p = card.printed;
  // Without a photo the data column moves to the left edge rather than leaving an empty frame.
  const x = p.photo ? 250 : 60;
  const body = [
    emblem(90, 85, 55),
    stateName(470, 42),
    text(470, 150, 'CĂN CƯỚC', { size: 36, weight: 'bold', anchor: 'middle', fill: '#c8102e' }),
    text(470, 174, 'IDENTITY CARD', { size: 15, anchor: 'middle' }),
    p.photo ? photo(45, 200, 180, 240, card.photoJpeg) : '',
    label(x, 235, 'Số định danh cá nhân', 'Personal identification number'),
    text(x, 268, p.number, { size: 28, weight: 'bold', fill: '#c8102e' }),
    label(x, 305, 'Họ, chữ đệm và tên khai sinh', 'Full name'),
    holderName(x, 335, p.fullName, 23, p.photo ? 34 : 46),
    field(x, 375, 'Ngày, tháng, năm sinh', 'Date of birth', printedDate(p.dateOfBirth)),
    field(x, 410, 'Giới tính', 'Sex', sexName(p.sex)),
    field(x, 445, 'Quốc tịch', 'Nationality', p.nationalityName),
  ];
  return cardShell(body.join(''), TINT, 'f24');
}

export function back2024(card: CardArt): string {
  const p = card.printed;
  const body = [
    label(40, 45, 'Nơi cư trú', 'Place of residence'),
    ...wrap(p.residence ?? '', 54, 3).map((line, i) => text(40, 68 + i * 22, line, { size: 16, weight: 'bold' })),
    label(40, 140, 'Nơi đăng ký khai sinh', 'Place of birth registration'),
    ...wrap(p.birthRegistrationPlace ?? '', 54, 2).map((line, i) =>
      text(40, 163 + i * 22, line, { size: 16, weight: 'bold' }),
    ),
    qrSvg(card.qr, 660, 18, 178),
    field(40, 240, 'Ngày, tháng, năm cấp', 'Date of issue', printedDate(p.issuedOn)),
    field(
      40,
      268,
      'Ngày, tháng, năm hết hạn',
      'Date of expiry',
      p.expiresOn ? printedDate(p.expiresOn) : 'Không thời hạn',
    ),
    text(190, 306, p.issuer, { size: 18, weight: 'bold', anchor: 'middle' }),
    text(190, 324, 'MINISTRY OF PUBLIC SECURITY', { size: 11, italic: true, anchor: 'middle' }),
    seal(570, 318, 56, p.issuer),
    chip(700, 262),
    mrzBand(card.mrz),
  ];
  return cardShell(body.join(''), TINT, 'b24');
}
