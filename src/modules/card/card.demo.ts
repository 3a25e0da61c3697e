// Cards for the demo province, so that every card page has something to show: a card officer for the province,
// first-card applications of residents aged 14 and over at every stage (received, approved, in production,
// produced and issued), one batch whose result file came back with a failure, and a card reported lost.
import { Buffer } from 'node:buffer';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliContext, type RequestContext } from '../../domain/context.ts';
import { ageOn } from '../../domain/dates.ts';
import type { Services } from '../../services.ts';
import { initCardCa } from './crypto/card.keys.ts';
import { placeholderPhoto } from './render/card.photo.ts';

export interface DemoCards {
  applications: number;
  issued: number;
  batchId: number | null;
}

/** Creates the card CA and its first signer in `dir` unless a CA is there already; says what it did. */
export async function ensureCardKeys(dir: string, now: Date): Promise<string[]> {
  if (existsSync(join(dir, 'index.json'))) return [];
  await initCardCa(dir, now);
  return [`card signing keys created in ${dir} (country signing CA and document signer DS001; keep them safe)`];
}

/** The card officer's context, as its routes would build it (the demo has no session to take it from). */
function officerContext(username: string, province: string): RequestContext {
  return {
    ...cliContext('demo set-up'),
    actor: { id: username, kind: 'user', roles: ['card_officer'], jurisdiction: province },
  };
}

/**
 * Applies for `count` residents of `province` aged 14 or over: the first four fifths approved, half of those put in a
 * batch whose results come back produced but for one failure, and half of the produced cards delivered and handed
 * over (one of them then reported lost).
 */
export async function seedDemoCards(s: Services, province: string, officer: string, count = 40): Promise<DemoCards> {
  const ctx = officerContext(officer, province);
  const today = s.config.today();
  const found = await s.registry.search(ctx, { unit: province, limit: 200 });
  const adults = found.items.filter(
    (p) => p.residenceUnit && p.dateOfBirth.length === 10 && ageOn(p.dateOfBirth, today) >= 14,
  );
  const applied: number[] = [];
  for (const p of adults.slice(0, count)) {
    const photo = placeholderPhoto(p.pin, p.sex === 'F' ? 'F' : 'M');
    const app = await s.cards.apply(ctx, {
      pin: p.pin,
      reason: 'first',
      receivedUnit: p.residenceUnit!,
      photo: Buffer.from(photo.jpeg).toString('base64'),
    });
    applied.push(app.id);
  }
  const approved = applied.slice(0, Math.floor((applied.length * 4) / 5));
  for (const id of approved) await s.cards.approve(ctx, id);
  const toProduce = approved.slice(0, Math.floor(approved.length / 2));
  if (toProduce.length === 0) return { applications: applied.length, issued: 0, batchId: null };
  const batch = await s.cardProduction.createBatch(ctx, { applicationIds: toProduce });
  const results = toProduce.map((applicationId, i) =>
    i === toProduce.length - 1
      ? { applicationId, outcome: 'failed', reason: 'chip personalisation error' }
      : { applicationId, outcome: 'produced' },
  );
  await s.cardProduction.importResults(ctx, JSON.stringify(results), batch.id);
  let issued = 0;
  for (const applicationId of toProduce.slice(0, Math.floor(toProduce.length / 2))) {
    const app = await s.cards.getApplication(ctx, applicationId);
    if (app.cardId === null) continue;
    await s.cards.step(ctx, app.cardId, 'deliver');
    await s.cards.step(ctx, app.cardId, 'issue');
    issued++;
    if (issued === 1) await s.cards.step(ctx, app.cardId, 'lost', 'reported lost by the holder');
  }
  return { applications: applied.length, issued, batchId: batch.id };
}
