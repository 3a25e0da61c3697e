// A simple drawn emblem: red disc, gold ring and five-pointed gold star. It stands in for the national emblem,
// whose artwork is not reproduced here; the layout only needs something of the right size and colours.
import { num } from './card.svg.ts';

/** Points of a regular five-pointed star of outer radius `r` centred on (cx, cy), first point straight up. */
function starPoints(cx: number, cy: number, r: number): string {
  const inner = r * 0.382;
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${num(cx + radius * Math.cos(angle))},${num(cy + radius * Math.sin(angle))}`);
  }
  return pts.join(' ');
}

export function emblem(cx: number, cy: number, r: number): string {
  return [
    `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="#c8102e" stroke="#d4a017" stroke-width="${num(r * 0.12)}"/>`,
    `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r * 0.8)}" fill="none" stroke="#f3c623" stroke-width="${num(r * 0.04)}"/>`,
    `<polygon points="${starPoints(cx, cy - r * 0.06, r * 0.62)}" fill="#f3c623"/>`,
  ].join('');
}
