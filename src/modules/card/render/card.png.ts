// SVG → PNG for the production export. Only the DejaVu fonts shipped in node_modules are loaded (never the
// system's), so the same card renders to the same pixels on every machine, and DejaVu has every Vietnamese
// glyph the card needs.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSansMono.ttf'].map(
  (file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/** 600 dpi across the 85.6 mm card: the printed QR then gets several pixels per module and scans reliably. */
export const CARD_PNG_WIDTH = 2022;

/** resvg's font settings: the DejaVu files and nothing else. */
export const CARD_FONTS = {
  loadSystemFonts: false,
  fontFiles: FONT_FILES,
  defaultFontFamily: 'DejaVu Sans',
  sansSerifFamily: 'DejaVu Sans',
  monospaceFamily: 'DejaVu Sans Mono',
};

export function cardPng(svg: string, width: number = CARD_PNG_WIDTH): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: CARD_FONTS });
  return new Uint8Array(resvg.render().asPng());
}
