// Card artwork: the front and back of a card as SVG (served to the web app, and turned into PNG for the
// production centre's export). The layouts follow the two generations of domain.md §4.2.
import type { CardArt } from './card.art.ts';
import { back2021, front2021 } from './card.layout2021.ts';
import { back2024, front2024 } from './card.layout2024.ts';

export type { CardArt } from './card.art.ts';

export type CardSide = 'front' | 'back';

/** One side of the card as a standalone SVG document of ID-1 size (85.6 × 53.98 mm). */
export function renderCardSvg(card: CardArt, side: CardSide): string {
  if (card.printed.generation === '2021') return side === 'front' ? front2021(card) : back2021(card);
  return side === 'front' ? front2024(card) : back2024(card);
}
