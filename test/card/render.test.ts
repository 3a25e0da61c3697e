// Card artwork checked with tools that are not ours: resvg (a strict XML parser) must accept every SVG, the PNG
// header is read byte by byte, zbarimg (ZBar) must read the printed QR back, and jpeg-js must decode the photo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import type { CardGeneration, PrintedCard } from '../../src/domain/card/card.types.ts';
import { placeholderPhoto } from '../../src/modules/card/render/card.photo.ts';
import { CARD_FONTS, CARD_PNG_WIDTH, cardPng } from '../../src/modules/card/render/card.png.ts';
import { renderCardSvg } from '../../src/modules/card/render/card.render.ts';

// The real TD1 sample of domain.md §4.4.
const MRZ = ['IDVNM0930470641001093047064<<2', '9301054M3301052VNM<<<<<<<<<<<8', 'UNG<<HOANG<HIEP<<<<<<<<<<<<<<<'];
// A signature field as long as a real one: signer id, SHA-256 digest and P-256 signature in base64url.
const SIGNATURE = `DS001.${'q8Z2pJrj3oEo5cXzmK2wIgUq1bbV5wXo7mR0rQ2m1d9'}.${'MEUCIQDx3v0vYQ8l2Jc6-3sGq0Q1Y0q8Z2pJrj3oEo5c'.repeat(2)}`;
const QR =
  '001093047064|012345678|Ung Hoàng Hiệp|05011993|Nam|Số 12 ngõ 34 phố Hàng Bạc, Phường Hàng Đào, Quận Hoàn Kiếm, ' +
  `Thành phố Hà Nội|15042021|${SIGNATURE}`;

function printed(generation: CardGeneration, over: Partial<PrintedCard> = {}): PrintedCard {
  return {
    number: '001093047064',
    fullName: 'Ung Hoàng Hiệp',
    dateOfBirth: '1993-01-05',
    sex: 'M',
    nationality: 'VNM',
    nationalityName: 'Việt Nam',
    hometown: 'Xã Đông Hưng, Huyện Đông Hưng, Tỉnh Thái Bình',
    residence: 'Số 12 ngõ 34 phố Hàng Bạc, Phường Hàng Đào, Quận Hoàn Kiếm, Thành phố Hà Nội',
    birthRegistrationPlace: 'Ủy ban nhân dân phường Hàng Đào, Quận Hoàn Kiếm, Thành phố Hà Nội',
    ethnicity: 'Kinh',
    religion: null,
    fatherName: null,
    motherName: null,
    oldIdNumber: '012345678',
    issuedOn: '2021-04-15',
    expiresOn: '2033-01-05',
    issuer: 'BỘ CÔNG AN',
    generation,
    photo: true,
    ...over,
  };
}

const photo = placeholderPhoto('001093047064', 'M');
const art = (generation: CardGeneration, over: Partial<PrintedCard> = {}) => ({
  printed: printed(generation, over),
  mrz: MRZ,
  qr: QR,
  photoJpeg: photo.jpeg,
});

/** Width and height from the PNG's IHDR chunk, after checking the 8-byte signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...png.subarray(0, 8)]).toEqual(signature);
  const view = Buffer.from(png);
  expect(view.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

function hasZbar(): boolean {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
// CI installs zbar-tools (.ci/run); on a developer machine without it the decoding test is skipped, not failed.
const zbar = hasZbar() || process.env.CI === 'true';
const dir = mkdtempSync(join(tmpdir(), 'popreg-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('card artwork', () => {
  for (const generation of ['2021', '2024'] as const) {
    for (const side of ['front', 'back'] as const) {
      it(`${generation} ${side}: well-formed SVG of ID-1 proportions that resvg renders`, () => {
        const svg = renderCardSvg(art(generation), side);
        // resvg parses with a strict XML parser: a malformed document throws here.
        const parsed = new Resvg(svg);
        // resvg sizes in whole pixels at 96 dpi (324 × 204), hence the loose comparison.
        expect(parsed.width / parsed.height).toBeCloseTo(85.6 / 53.98, 2);
        expect(svg).toContain('width="85.6mm" height="53.98mm"');
        expect(svg).toContain('rx="31.8"');
      });
    }
  }

  it('cardPng gives a real PNG 600 dpi wide with the card proportions', () => {
    const png = cardPng(renderCardSvg(art('2021'), 'front'));
    const { width, height } = pngSize(png);
    expect(width).toBe(CARD_PNG_WIDTH);
    expect(height).toBe(Math.round((CARD_PNG_WIDTH * 53.98) / 85.6));
    expect(pngSize(cardPng(renderCardSvg(art('2024'), 'back'), 1012)).width).toBe(1012);
  });

  it('the same card renders to the same bytes (no system fonts, no clock)', () => {
    const svg = renderCardSvg(art('2024'), 'front');
    expect(renderCardSvg(art('2024'), 'front')).toBe(svg);
    expect(Buffer.from(cardPng(svg)).equals(Buffer.from(cardPng(svg)))).toBe(true);
  });

  it.skipIf(!zbar)('ZBar reads the QR back from the PNG: 2021 front and 2024 back, diacritics intact', () => {
    for (const [generation, side] of [
      ['2021', 'front'],
      ['2024', 'back'],
    ] as const) {
      const file = join(dir, `${generation}-${side}.png`);
      writeFileSync(file, cardPng(renderCardSvg(art(generation), side)));
      const out = execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
      expect(out.trim()).toBe(QR);
    }
  });

  it('the MRZ is printed line by line in a monospace font on the back of both generations', () => {
    for (const generation of ['2021', '2024'] as const) {
      const back = renderCardSvg(art(generation), 'back');
      for (const line of MRZ) {
        const escaped = line.replace(/</g, '&lt;');
        expect(back).toMatch(new RegExp(`font-family="DejaVu Sans Mono"[^>]*>${escaped}</text>`));
      }
      expect(renderCardSvg(art(generation), 'front')).not.toContain(MRZ[0]);
    }
  });

  it('2021 card: CCCD title, Vietnamese labels with diacritics, name, origin, residence and expiry', () => {
    const front = renderCardSvg(art('2021'), 'front');
    for (const s of ['CĂN CƯỚC CÔNG DÂN', 'Citizen Identity Card', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']) {
      expect(front).toContain(s);
    }
    for (const s of ['UNG HOÀNG HIỆP', '001093047064', '05/01/1993', 'Quê quán', 'Xã Đông Hưng', 'Nơi thường trú']) {
      expect(front).toContain(s);
    }
    expect(front).toContain('05/01/2033');
    expect(front).toContain('data:image/jpeg;base64,');
    const back = renderCardSvg(art('2021'), 'back');
    expect(back).toContain('15/04/2021');
    expect(back).toContain('Đặc điểm nhân dạng');
    expect(back).toContain('Ngón trỏ trái');
  });

  it('2024 card: CĂN CƯỚC, identity on the front, residence, birth registration, dates and issuer on the back', () => {
    const front = renderCardSvg(art('2024'), 'front');
    expect(front).toContain('>CĂN CƯỚC<');
    expect(front).not.toContain('CÔNG DÂN');
    expect(front).toContain('Số định danh cá nhân');
    expect(front).not.toContain('Quê quán');
    const back = renderCardSvg(art('2024'), 'back');
    for (const s of ['Nơi cư trú', 'Nơi đăng ký khai sinh', 'Ủy ban nhân dân', '15/04/2021', '05/01/2033']) {
      expect(back).toContain(s);
    }
    expect(back).toContain('BỘ CÔNG AN');
  });

  it('a child under 6 gets a 2024 card without a photo; a life-long card says so', () => {
    const child = renderCardSvg(art('2024', { photo: false }), 'front');
    expect(child).not.toContain('<image');
    expect(child).not.toContain('ẢNH / PHOTO');
    const senior = renderCardSvg(art('2024', { expiresOn: null }), 'back');
    expect(senior).toContain('Không thời hạn');
  });

  it('registry text is escaped for XML and partial birth dates print what is known', () => {
    const svg = renderCardSvg(art('2021', { fullName: 'Lê <b>&"Tí"\'', dateOfBirth: '1950-03' }), 'front');
    expect(svg).toContain('LÊ &lt;B&gt;&amp;&quot;TÍ&quot;&apos;');
    expect(svg).toContain('03/1950');
    expect(() => new Resvg(svg)).not.toThrow();
    expect(renderCardSvg(art('2021', { dateOfBirth: '1948' }), 'front')).toContain('>1948</tspan>');
  });

  it('a long name keeps one line in a smaller font, inside the card as resvg lays it out with DejaVu', () => {
    const long = 'Công Tằng Tôn Nữ Thị Hoàng Phương Thảo Nguyên';
    const upper = long.toLocaleUpperCase('vi');
    for (const generation of ['2021', '2024'] as const) {
      for (const photo of [true, false]) {
        const svg = renderCardSvg(art(generation, { fullName: long, photo }), 'front');
        const element = svg.match(new RegExp(`<text [^>]*>${upper}</text>`))?.[0];
        expect(element).toBeDefined();
        // The name alone, measured by resvg's text layout.
        const alone = `<svg xmlns="http://www.w3.org/2000/svg" width="856" height="540" viewBox="0 0 856 540">${element}</svg>`;
        const box = new Resvg(alone, { font: CARD_FONTS }).innerBBox();
        expect(box).toBeDefined();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThan(856 - 20);
      }
    }
  });

  it('a long residence wraps into lines that stay clear of the card edge (2021 front) and of the QR (2024 back)', () => {
    const residence =
      'Số 1234 đường Nguyễn Thị Minh Khai, Khu phố Đông Hưng Thuận, Phường Trường Thạnh, Thành phố Thủ Đức, ' +
      'Thành phố Hồ Chí Minh, Việt Nam';
    const cases = [
      { generation: '2021', side: 'front', limit: 856 - 20 },
      { generation: '2024', side: 'back', limit: 660 - 10 },
    ] as const;
    for (const { generation, side, limit } of cases) {
      const svg = renderCardSvg(art(generation, { residence }), side);
      const lines = [...svg.matchAll(/<text [^>]*font-weight="bold"[^>]*>([^<]*)<\/text>/g)]
        .filter((m) => residence.includes((m[1] ?? '\u0000').replace(/…$/, '')))
        .map((m) => m[0]);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const element of lines) {
        const alone = `<svg xmlns="http://www.w3.org/2000/svg" width="856" height="540" viewBox="0 0 856 540">${element}</svg>`;
        const box = new Resvg(alone, { font: CARD_FONTS }).innerBBox();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThan(limit);
      }
    }
  });

  it('placeholderPhoto: a deterministic 300×400 JPEG that jpeg-js decodes, different for different seeds', () => {
    expect(photo.width).toBe(300);
    expect(photo.height).toBe(400);
    expect([...photo.jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const decoded = jpeg.decode(photo.jpeg, { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([300, 400]);
    expect(Buffer.from(placeholderPhoto('001093047064', 'M').jpeg).equals(Buffer.from(photo.jpeg))).toBe(true);
    expect(Buffer.from(placeholderPhoto('001093047065', 'F').jpeg).equals(Buffer.from(photo.jpeg))).toBe(false);
  });
});
