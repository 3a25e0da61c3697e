// A batch exported as a directory for the personalisation centre: <card id>.json per card (the export record)
// with <card id>.front.png and <card id>.back.png previews, and batch.json describing the batch. Files are
// written into a fresh directory beside the target and renamed into place at the end, so a failed export
// never leaves a half-written directory where the centre would pick it up.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainError } from '../../../domain/errors.ts';
import { cardPng } from '../render/card.png.ts';
import { renderCardSvg } from '../render/card.render.ts';
import type { ExportRecord } from './card.production.export.ts';
import type { BatchView } from './card.production.views.ts';

export interface ExportDirOptions {
  /** Render front and back PNG previews (slow: about a tenth of a second per side). */
  png: boolean;
  onCard?: (done: number) => void;
}

export async function writeExportDir(
  batch: BatchView,
  records: AsyncIterable<ExportRecord & { photoJpeg: Uint8Array | null }>,
  dir: string,
  o: ExportDirOptions,
): Promise<{ dir: string; cards: number }> {
  const target = resolve(dir);
  if (existsSync(target)) {
    throw new DomainError('BAD_REQUEST', `${target} already exists: export into a new directory`, { dir: target });
  }
  mkdirSync(dirname(target), { recursive: true });
  const work = `${target}.partial-${process.pid}`;
  mkdirSync(work, { recursive: false });
  let cards = 0;
  try {
    for await (const { photoJpeg, ...record } of records) {
      writeFileSync(join(work, `${record.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
      if (o.png) {
        const art = { printed: record.printed, mrz: record.mrz, qr: record.qr, photoJpeg };
        writeFileSync(join(work, `${record.id}.front.png`), cardPng(renderCardSvg(art, 'front')));
        writeFileSync(join(work, `${record.id}.back.png`), cardPng(renderCardSvg(art, 'back')));
      }
      o.onCard?.(++cards);
    }
    writeFileSync(join(work, 'batch.json'), `${JSON.stringify({ ...batch, exportedCards: cards }, null, 2)}\n`);
    renameSync(work, target);
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
  return { dir: target, cards };
}
