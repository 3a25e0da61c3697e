// The 2021 chip card, "Căn cước công dân" (Circular 06/2021), domain.md §4.2: QR and personal data on the
// front, identification marks, issuing authority, fingerprints, chip and MRZ on the back.

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

const TINT = '#cfe3ee';

export function front2021(card: CardArt): string {
  const p = card.printed;
  const x = 250;
  const body = [
    emblem(95, 90, 58),
    stateName(405, 45),
    text(405, 150, 'CĂN CƯỚC CÔNG DÂN', { size: 30, weight: 'bold', anchor: 'middle', fill: '#c8102e' }),
    text(405, 173, 'Citizen Identity Card', { size: 15, anchor: 'middle', italic: true }),
    qrSvg(card.qr, 660, 18, 178),
    p.photo ? photo(45, 180, 180, 240, card.photoJpeg) : '',
    text(45, 447, 'Có giá trị đến:', { size: 12.5 }),
    text(45, 464, 'Date of expiry', { size: 12, italic: true }),
    text(45, 490, p.expiresOn ? printedDate(p.expiresOn) : 'Không thời hạn', { size: 17, weight: 'bold' }),
    label(x, 225, 'Số', 'No.'),
    text(x + 95, 227, p.number, { size: 27, weight: 'bold', fill: '#c8102e' }),
    label(x, 260, 'Họ và tên', 'Full name'),
    holderName(x, 288, p.fullName, 22, 36),
    field(x, 322, 'Ngày sinh', 'Date of birth', printedDate(p.dateOfBirth)),
    field(x, 352, 'Giới tính', 'Sex', sexName(p.sex)),
    field(x + 250, 352, 'Quốc tịch', 'Nationality', p.nationalityName),
    label(x, 382, 'Quê quán', 'Place of origin'),
    ...wrap(p.hometown ?? '', 56, 1).map((line) => text(x, 405, line, { size: 16, weight: 'bold' })),
    label(x, 437, 'Nơi thường trú', 'Place of residence'),
    ...wrap(p.residence ?? '', 56, 3).map((line, i) => text(x, 460 + i * 23, line, { size: 16, weight: 'bold' })),
  ];
  return cardShell(body.join(''), TINT, 'f21');
}

export function back2021(card: CardArt): string {
  const p = card.printed;
  const body = [
    label(40, 50, 'Đặc điểm nhân dạng', 'Personal identification'),
    `<path d="M40 82h380" stroke="#9aa5ad" stroke-width="1" stroke-dasharray="3 4"/>`,
    field(40, 120, 'Ngày, tháng, năm', 'Date, month, year', printedDate(p.issuedOn)),
    text(230, 155, 'CỤC TRƯỞNG CỤC CẢNH SÁT', { size: 14, weight: 'bold', anchor: 'middle' }),
    text(230, 174, 'QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI', { size: 14, weight: 'bold', anchor: 'middle' }),
    text(230, 192, 'DIRECTOR GENERAL OF THE POLICE DEPARTMENT', { size: 10.5, italic: true, anchor: 'middle' }),
    text(230, 206, 'FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER', { size: 10.5, italic: true, anchor: 'middle' }),
    seal(230, 290, 62, p.issuer),
    chip(470, 150),
    fingerprintBox(590, 35, 'Ngón trỏ trái', 'Left index finger'),
    fingerprintBox(725, 35, 'Ngón trỏ phải', 'Right index finger'),
    mrzBand(card.mrz),
  ];
  return cardShell(body.join(''), TINT, 'b21');
}

/** An empty fingerprint frame: the registry keeps no fingerprints, the box is where the print would be. */
function fingerprintBox(x: number, y: number, vi: string, en: string): string {
  return [
    `<rect x="${x}" y="${y}" width="115" height="150" rx="6" fill="#ffffff" opacity="0.7" stroke="#7d8890" stroke-width="1.2"/>`,
    text(x + 57.5, y + 172, vi, { size: 11.5, anchor: 'middle' }),
    text(x + 57.5, y + 188, en, { size: 10.5, italic: true, anchor: 'middle' }),
  ].join('');
}
