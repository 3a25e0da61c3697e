/**
 * What is printed on (and written into the chip of) a Vietnamese identity card. The application keeps this
 * snapshot at approval, so a card always shows the data it was made from even after the registry changes.
 */

/** '2021': Căn cước công dân with chip (Law 59/2014); '2024': Căn cước (Law 26/2023), see domain.md §4.2. */
export type CardGeneration = '2021' | '2024';

export interface PrintedCard {
  /** The 12-digit PIN; since chip cards the card number is the PIN itself. */
  number: string;
  fullName: string;
  /** YYYY-MM-DD, or partial YYYY / YYYY-MM for legacy records whose day or month is unknown. */
  dateOfBirth: string;
  sex: 'M' | 'F';
  /** ICAO three-letter code, 'VNM'. */
  nationality: string;
  /** 'Việt Nam'. */
  nationalityName: string;
  hometown: string | null;
  residence: string | null;
  birthRegistrationPlace: string | null;
  /** Ethnicity name (not the code). */
  ethnicity: string | null;
  /** Religion name (not the code). */
  religion: string | null;
  fatherName: string | null;
  motherName: string | null;
  /** The previous 9- or 12-digit CMND number, if the person had one. */
  oldIdNumber: string | null;
  /** YYYY-MM-DD. */
  issuedOn: string;
  /** YYYY-MM-DD; null = valid for life (issued at 58 or later). */
  expiresOn: string | null;
  /** 'BỘ CÔNG AN'. */
  issuer: string;
  generation: CardGeneration;
  /** false under 6: children's cards carry no photo. */
  photo: boolean;
}
