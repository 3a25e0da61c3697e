// The QR printed on the card, drawn as one SVG path of its dark modules (crisp at any scale, no raster inside
// the SVG). Error correction M, as readers of Vietnamese cards expect and as the card's size allows.
import QRCode from 'qrcode';
import { num } from './card.svg.ts';

/**
 * The QR of `content` in a square of side `size` at (x, y), on a white square that includes the quiet zone
 * (4 modules, the minimum of ISO/IEC 18004) so it scans against the tinted card background.
 */
export function qrSvg(content: string, x: number, y: number, size: number): string {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const quiet = 4;
  const unit = size / (n + 2 * quiet);
  let d = '';
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (modules.get(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  return [
    `<rect x="${num(x)}" y="${num(y)}" width="${num(size)}" height="${num(size)}" fill="#ffffff"/>`,
    `<path transform="translate(${num(x)} ${num(y)}) scale(${unit.toFixed(5)})" d="${d}" fill="#000000" shape-rendering="crispEdges"/>`,
  ].join('');
}
