// Card numbers. Since the 2016 Căn cước công dân the card number is the holder's PIN itself (domain.md §3), and
// the MRZ, whose TD1 document-number field holds only nine characters, carries the PIN's last nine digits there
// and the whole PIN in the optional data (domain.md §4.4).

import { ValidationError } from '../errors.ts';

const PIN_RE = /^\d{12}$/;

function requirePin(pin: string): void {
  if (!PIN_RE.test(pin)) {
    throw new ValidationError([{ field: 'pin', rule: 'pin.format', message: 'must be 12 digits', value: pin }]);
  }
}

/** The printed card number: the 12-digit PIN. */
export function cardNumber(pin: string): string {
  requirePin(pin);
  return pin;
}

/** The MRZ document number (TD1 line 1, positions 6–14): the last nine digits of the PIN. */
export function mrzDocumentNumber(pin: string): string {
  requirePin(pin);
  return pin.slice(3);
}
