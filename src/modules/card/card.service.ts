// The card use cases behind one facade (routes and CLI call these): applications, reads, the life of a card,
// the card artwork, and the listener the registry runs inside deaths and PIN re-establishments.
import type { Db } from '../../db/database.ts';
import type { AuditSink } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import type { LifeEventListener } from '../registry/registry.lifehooks.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { findApplication } from './card.application.repository.ts';
import { apply, approve, cancel, getApplication, refuse } from './card.applications.ts';
import type { CardDeps } from './card.deps.ts';
import { CardDoor } from './card.door.ts';
import { type CardAction, cardStep } from './card.life.ts';
import { cardLifeListener } from './card.lifehook.ts';
import { findPhoto } from './card.photo.repository.ts';
import { cardHistory, cardsOfPin, listApplicationsFor, readCard } from './card.reads.ts';
import type { ApplicationQuery, ApplicationView, ApplyBody, CardView, RevokeBody } from './card.schemas.ts';
import { renderCardSvg } from './render/card.render.ts';

export interface CardServiceDeps {
  db: Db;
  registry: RegistryService;
  audit: AuditSink;
  today: () => string;
  now?: () => string;
}

export class CardService {
  private readonly deps: CardDeps;

  constructor(d: CardServiceDeps) {
    this.deps = { ...d, door: new CardDoor(d.registry), now: d.now ?? (() => new Date().toISOString()) };
  }

  /** Register with RegistryService.onLifeEventIn: revokes or locks the holder's cards inside the event. */
  get lifeEventListener(): LifeEventListener {
    return cardLifeListener(this.deps);
  }

  apply(ctx: RequestContext, body: ApplyBody): Promise<ApplicationView> {
    return apply(this.deps, ctx, body);
  }

  approve(ctx: RequestContext, id: number): Promise<ApplicationView> {
    return approve(this.deps, ctx, id);
  }

  refuse(ctx: RequestContext, id: number, reason: string): Promise<ApplicationView> {
    return refuse(this.deps, ctx, id, reason);
  }

  cancel(ctx: RequestContext, id: number, reason: string): Promise<ApplicationView> {
    return cancel(this.deps, ctx, id, reason);
  }

  getApplication(ctx: RequestContext, id: number): Promise<ApplicationView> {
    return getApplication(this.deps, ctx, id);
  }

  listApplications(ctx: RequestContext, q: ApplicationQuery) {
    return listApplicationsFor(this.deps, ctx, q);
  }

  cardsOf(ctx: RequestContext, pin: string): Promise<{ items: CardView[] }> {
    return cardsOfPin(this.deps, ctx, pin);
  }

  /** One card, with how it came to its status (the card page's history). */
  async getCard(ctx: RequestContext, id: number): Promise<CardView> {
    const { card, view } = await readCard(this.deps, ctx, id);
    return { ...view, events: await cardHistory(this.deps, card) };
  }

  /** deliver, issue, lost, lock, unlock, retain, return (revoke has its grounds: see revoke). */
  step(ctx: RequestContext, id: number, action: Exclude<CardAction, 'revoke'>, reason?: string): Promise<CardView> {
    return cardStep(this.deps, ctx, id, action, reason);
  }

  /** Revocation on a ground of Law 26/2023 Art 29 (the note, if any, is kept with it). */
  revoke(ctx: RequestContext, id: number, body: RevokeBody): Promise<CardView> {
    const reason = body.note?.trim() ? `${body.reason}: ${body.note.trim()}` : body.reason;
    return cardStep(this.deps, ctx, id, 'revoke', reason);
  }

  /** One side of the card as SVG, drawn from its printed data, MRZ, QR and photo. */
  async cardSvg(ctx: RequestContext, id: number, side: 'front' | 'back'): Promise<string> {
    const { card, view } = await readCard(this.deps, ctx, id, 'card.render');
    const app = await findApplication(this.deps.db, card.application_id);
    const photo = app?.photo_id ? await findPhoto(this.deps.db, app.photo_id) : undefined;
    return renderCardSvg({ printed: view.printed, mrz: view.mrz, qr: view.qr, photoJpeg: photo?.bytes ?? null }, side);
  }
}
