// A stand-in portrait for demonstration data: the registry holds no photos of its synthetic population, yet a
// card needs one. The picture is drawn (a head-and-shoulders silhouette on a pale background, in the manner of
// an ID photo) from a seed, so the same person always gets the same picture.
import jpeg from 'jpeg-js';
import { Rng } from '../../../lib/random.ts';

const WIDTH = 300;
const HEIGHT = 400;

type Rgb = readonly [number, number, number];

const SKIN: readonly Rgb[] = [
  [241, 204, 170],
  [226, 185, 148],
  [205, 160, 120],
  [180, 135, 100],
];
const HAIR: readonly Rgb[] = [
  [25, 22, 20],
  [45, 35, 28],
  [70, 52, 40],
];
const SHIRT: readonly Rgb[] = [
  [250, 250, 250],
  [40, 60, 110],
  [90, 90, 95],
  [150, 40, 50],
];

/** FNV-1a over the seed's UTF-16 units: turns any text (a PIN, an id) into the generator's numeric seed. */
function seedOf(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.u32() % items.length] as T;
}

export function placeholderPhoto(seed: string, sex: 'M' | 'F'): { jpeg: Uint8Array; width: number; height: number } {
  const rng = new Rng(seedOf(seed), 7);
  const skin = pick(rng, SKIN);
  const hair = pick(rng, HAIR);
  const shirt = pick(rng, SHIRT);
  const cx = WIDTH / 2 + ((rng.u32() % 21) - 10);
  const headY = 165 + (rng.u32() % 15);
  const headRx = 62 + (rng.u32() % 10);
  const headRy = headRx * 1.28;
  const hairLong = sex === 'F';
  const inEllipse = (x: number, y: number, ex: number, ey: number, rx: number, ry: number) =>
    ((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1;

  const data = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      // Background: the pale blue-white of an ID photo, slightly lighter at the top.
      let c: Rgb = [225 + (y * 20) / HEIGHT, 234, 245];
      const shoulders = y > headY + headRy * 0.95 && inEllipse(x, y, cx, HEIGHT + 40, 150, 150);
      const neck = Math.abs(x - cx) < headRx * 0.42 && y > headY && y < headY + headRy + 30;
      const hairBack = hairLong
        ? inEllipse(x, y, cx, headY + 20, headRx * 1.22, headRy * 1.15) && y < headY + headRy + 50
        : inEllipse(x, y, cx, headY - 12, headRx * 1.08, headRy * 1.0);
      const face = inEllipse(x, y, cx, headY, headRx, headRy);
      const fringe = face && y < headY - headRy * (hairLong ? 0.45 : 0.55);
      if (hairBack) c = hair;
      if (shoulders) c = shirt;
      if (neck && !shoulders) c = skin;
      if (face) c = fringe ? hair : skin;
      const i = (y * WIDTH + x) * 4;
      data[i] = c[0];
      data[i + 1] = c[1];
      data[i + 2] = c[2];
      data[i + 3] = 255;
    }
  }
  const encoded = jpeg.encode({ data, width: WIDTH, height: HEIGHT }, 85);
  return { jpeg: new Uint8Array(encoded.data), width: WIDTH, height: HEIGHT };
}
