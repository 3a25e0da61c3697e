// The JSON shapes of applications and cards, from their rows.
import type { PrintedCard } from '../../domain/card/card.types.ts';
import type { ApplicationRow } from './card.application.repository.ts';
import type { CardRow } from './card.repository.ts';
import type { ApplicationView, CardView } from './card.schemas.ts';

export function printedOf(app: ApplicationRow): PrintedCard | null {
  return app.printed ? (JSON.parse(app.printed) as PrintedCard) : null;
}

export function applicationView(app: ApplicationRow, fullName: string): ApplicationView {
  return {
    id: app.id,
    pin: app.pin,
    fullName,
    reason: app.reason,
    status: app.status,
    statusReason: app.status_reason,
    receivedUnit: app.received_unit,
    unitCode: app.unit_code,
    receivedAt: app.received_at,
    receivedBy: app.received_by,
    decidedAt: app.decided_at,
    batchId: app.batch_id,
    cardId: app.card_id,
    printed: printedOf(app),
  };
}

export function cardView(card: CardRow, app: ApplicationRow): CardView {
  const printed = printedOf(app);
  if (!printed) throw new Error(`card ${card.id}: its application ${app.id} has no printed data`);
  return {
    id: card.id,
    applicationId: card.application_id,
    pin: app.pin,
    number: card.number,
    generation: card.generation,
    issuedOn: card.issued_on,
    expiresOn: card.expires_on,
    status: card.status,
    statusReason: card.status_reason,
    statusAt: card.status_at,
    batchId: card.batch_id,
    mrz: card.mrz.split('\n'),
    qr: card.qr,
    // The printed data were taken at approval; the dates are the card's own (set when its batch was built).
    printed: { ...printed, issuedOn: card.issued_on, expiresOn: card.expires_on },
  };
}
