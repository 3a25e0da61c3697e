// Small SVG building blocks shared by the card layouts. The drawing unit is 0.1 mm, so the ID-1 card
// (85.6 × 53.98 mm) is a 856 × 539.8 viewBox and every position below reads directly as tenths of a millimetre.

export const CARD_W = 856;
export const CARD_H = 539.8;
/** ID-1 corner radius, 3.18 mm. */
export const CARD_R = 31.8;

export const SANS = 'DejaVu Sans';
export const MONO = 'DejaVu Sans Mono';

/** Escapes text for element content and attribute values (names and addresses come from the registry). */
export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface TextStyle {
  size: number;
  weight?: 'bold';
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  family?: string;
  italic?: boolean;
}

export function text(x: number, y: number, content: string, s: TextStyle): string {
  const attrs = [
    `x="${num(x)}"`,
    `y="${num(y)}"`,
    `font-family="${s.family ?? SANS}"`,
    `font-size="${num(s.size)}"`,
    s.weight ? `font-weight="${s.weight}"` : '',
    s.italic ? 'font-style="italic"' : '',
    `fill="${s.fill ?? '#1a1a1a'}"`,
    s.anchor && s.anchor !== 'start' ? `text-anchor="${s.anchor}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${xml(content)}</text>`;
}

/** Rounds to 0.01 unit: enough for print, and keeps the SVG byte-identical across runs. */
export function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * Splits text into at most `maxLines` lines of about `maxChars` characters, at spaces. There is no font
 * metrics engine here, so the width is estimated from the character count (DejaVu Sans averages about 0.55 em);
 * the last line ends with an ellipsis when the text does not fit, rather than running off the card.
 */
export function wrap(content: string, maxChars: number, maxLines: number): string[] {
  const words = content.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= maxChars || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, maxChars - 1))}…`;
  return kept;
}

/**
 * The holder's name in capitals on one line, as cards print it; a name longer than `fits` characters gets a
 * smaller font in proportion, since a name is never cut or wrapped.
 */
export function holderName(x: number, y: number, name: string, size: number, fits: number): string {
  const upper = name.toLocaleUpperCase('vi');
  const scaled = upper.length > fits ? (size * fits) / upper.length : size;
  return text(x, y, upper, { size: scaled, weight: 'bold' });
}

/** A bilingual label ("Họ và tên / Full name:") with the Vietnamese part plain and the English part italic. */
export function label(x: number, y: number, vi: string, en: string, size = 15): string {
  return (
    `<text x="${num(x)}" y="${num(y)}" font-family="${SANS}" font-size="${num(size)}" fill="#333">` +
    `${xml(vi)} / <tspan font-style="italic">${xml(en)}</tspan>:</text>`
  );
}

/** Dates print as dd/mm/yyyy; legacy partial dates keep only what is known (mm/yyyy or yyyy). */
export function printedDate(date: string): string {
  const [y, m, d] = date.split('-');
  if (d && m) return `${d}/${m}/${y}`;
  if (m) return `${m}/${y}`;
  return y ?? '';
}

export function sexName(sex: 'M' | 'F'): string {
  return sex === 'M' ? 'Nam' : 'Nữ';
}

/** The outer card: white stock with a tinted security background and the ID-1 rounded corners. */
export function cardShell(body: string, tint: string, id: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="85.6mm" height="53.98mm" viewBox="0 0 ${CARD_W} ${CARD_H}">`,
    '<defs>',
    `<clipPath id="${id}-clip"><rect width="${CARD_W}" height="${CARD_H}" rx="${CARD_R}" ry="${CARD_R}"/></clipPath>`,
    `<radialGradient id="${id}-bg" cx="50%" cy="45%" r="75%">`,
    `<stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${tint}"/></radialGradient>`,
    '</defs>',
    `<g clip-path="url(#${id}-clip)">`,
    `<rect width="${CARD_W}" height="${CARD_H}" fill="url(#${id}-bg)"/>`,
    guilloche(tint),
    body,
    '</g>',
    `<rect x="0.5" y="0.5" width="${CARD_W - 1}" height="${num(CARD_H - 1)}" rx="${CARD_R}" ry="${CARD_R}" fill="none" stroke="#9aa5ad" stroke-width="1"/>`,
    '</svg>',
  ].join('');
}

/** Fine wave lines across the card, a stand-in for the printed security pattern. */
function guilloche(tint: string): string {
  const paths: string[] = [];
  for (let i = 0; i < 14; i++) {
    const y0 = 20 + i * 38;
    let d = `M0 ${y0}`;
    for (let x = 0; x <= CARD_W; x += 53.5) d += ` q26.75 ${i % 2 ? 14 : -14} 53.5 0`;
    paths.push(`<path d="${d}" fill="none" stroke="${tint}" stroke-width="1.2" opacity="0.9"/>`);
  }
  return paths.join('');
}

/** The contact chip: a gold pad with the usual contact segments. */
export function chip(x: number, y: number): string {
  const w = 110;
  const h = 85;
  return [
    `<g transform="translate(${num(x)} ${num(y)})">`,
    `<rect width="${w}" height="${h}" rx="12" fill="#d8b45a" stroke="#8f7330" stroke-width="1.5"/>`,
    `<path d="M0 28h38v29H0M110 28H72v29h38M38 0v85M72 0v85M38 42h34" fill="none" stroke="#8f7330" stroke-width="1.5"/>`,
    '</g>',
  ].join('');
}

/** The photo, embedded as a data URL so the SVG stands alone; an empty frame when a photo is due but missing. */
export function photo(x: number, y: number, w: number, h: number, jpeg: Uint8Array | null): string {
  if (!jpeg) {
    return (
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#eef2f5" stroke="#9aa5ad" stroke-width="1.5"/>` +
      text(x + w / 2, y + h / 2, 'ẢNH / PHOTO', { size: 14, anchor: 'middle', fill: '#9aa5ad' })
    );
  }
  const href = `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`;
  return (
    `<image x="${x}" y="${y}" width="${w}" height="${h}" preserveAspectRatio="xMidYMid slice" href="${href}"/>` +
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#7d8890" stroke-width="1"/>`
  );
}

/** The machine-readable zone on its white band at the foot of the back: OCR-B is not free, DejaVu Sans Mono is. */
export function mrzBand(lines: readonly string[]): string {
  const top = CARD_H - 150;
  const rows = lines.map((line, i) =>
    text(48, top + 44 + i * 42, line, { size: 38, family: MONO, fill: '#111' }).replace(
      '<text ',
      '<text xml:space="preserve" letter-spacing="1.5" ',
    ),
  );
  return `<rect x="0" y="${num(top)}" width="${CARD_W}" height="150" fill="#ffffff" opacity="0.92"/>${rows.join('')}`;
}

/** A label and its value on one line ("Giới tính / Sex: Nam"), the value in bold. */
export function field(x: number, y: number, vi: string, en: string, value: string, size = 15): string {
  return (
    `<text x="${num(x)}" y="${num(y)}" font-family="${SANS}" font-size="${num(size)}" fill="#333">` +
    `${xml(vi)} / <tspan font-style="italic">${xml(en)}</tspan>: ` +
    `<tspan font-weight="bold" font-size="${num(size * 1.15)}" fill="#111">${xml(value)}</tspan></text>`
  );
}

/** The state name block every card carries under or beside the emblem, centred on `cx`. */
export function stateName(cx: number, y: number): string {
  return [
    text(cx, y, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 17, weight: 'bold', anchor: 'middle' }),
    text(cx, y + 22, 'Độc lập - Tự do - Hạnh phúc', { size: 15, weight: 'bold', anchor: 'middle' }),
    text(cx, y + 42, 'SOCIALIST REPUBLIC OF VIET NAM', { size: 13, anchor: 'middle' }),
    text(cx, y + 59, 'Independence - Freedom - Happiness', { size: 12, italic: true, anchor: 'middle' }),
  ].join('');
}

/** A round red seal with the issuer's name, over a drawn signature stroke. */
export function seal(cx: number, cy: number, r: number, issuer: string): string {
  return [
    `<path d="M${num(cx - r * 0.9)} ${num(cy + r * 0.2)} c${num(r * 0.3)} ${num(-r * 0.6)} ${num(r * 0.5)} ${num(r * 0.5)} ${num(r * 0.8)} 0 s${num(r * 0.4)} ${num(r * 0.5)} ${num(r * 0.9)} ${num(-r * 0.2)}" fill="none" stroke="#1f3c88" stroke-width="2.5"/>`,
    `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="none" stroke="#d0202e" stroke-width="3" opacity="0.8"/>`,
    `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r * 0.72)}" fill="none" stroke="#d0202e" stroke-width="1.5" opacity="0.8"/>`,
    text(cx, cy + 5, issuer, { size: r * 0.19, weight: 'bold', anchor: 'middle', fill: '#d0202e' }),
  ].join('');
}
