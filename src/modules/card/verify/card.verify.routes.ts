// The public card routes: verification (rate-limited per client address like login, since it answers without
// a session), the status list, the CRL and the CA bundle. Nothing else about a card is public.
import { Type } from 'typebox';
import { DomainError } from '../../../domain/errors.ts';
import { ErrorBodySchema } from '../../../http/schemas.ts';
import type { HttpApp } from '../../../http/types.ts';
import { VerifyBody, VerifyResult } from '../production/card.production.schemas.ts';
import type { CardVerifyService } from './card.verify.service.ts';

const MINUTE_MS = 60_000;

export function registerCardVerifyRoutes(api: HttpApp, verify: CardVerifyService, perMinute: number): void {
  api.post(
    '/cards/verify',
    {
      config: {
        public: true,
        rateLimit: {
          max: perMinute,
          timeWindow: MINUTE_MS,
          keyGenerator: (req) => `card-verify:${req.ip}`,
          errorResponseBuilder: (_req, c) =>
            new DomainError(
              'AUTH.RATE_LIMITED',
              `too many verifications from this address (at most ${c.max} a minute): retry in ${Math.ceil(c.ttl / 1000)} s`,
              { max: c.max, retryAfter: Math.ceil(c.ttl / 1000) },
            ),
        },
      },
      schema: {
        tags: ['cards'],
        summary:
          'Verify a card offline-style: its SOD with the data groups, or its QR text, against the CA and the status list: valid, expired, revoked or forged, with the reasons (public, rate-limited)',
        body: VerifyBody,
        response: { 200: VerifyResult, 400: ErrorBodySchema, 429: ErrorBodySchema, 503: ErrorBodySchema },
      },
    },
    async (req) => verify.verify(req.body),
  );

  api.get(
    '/cards/status-list',
    {
      config: { public: true },
      schema: {
        tags: ['cards'],
        summary: 'The signed status list of revoked and locked cards (compact JWS, ES256, x5c to the CA; public)',
        produces: ['application/jose'],
        response: { 200: Type.String(), 503: ErrorBodySchema },
      },
    },
    async (_req, reply) => reply.type('application/jose').send(await verify.statusList()),
  );

  api.get(
    '/cards/crl',
    {
      config: { public: true },
      schema: {
        tags: ['cards'],
        summary: 'The CRL of document signer certificates, DER, signed by the country signing CA (public)',
        produces: ['application/pkix-crl'],
        response: { 200: Type.String({ format: 'binary' }), 503: ErrorBodySchema },
      },
    },
    async (_req, reply) => reply.type('application/pkix-crl').send(Buffer.from(verify.crl()) as unknown as string),
  );

  api.get(
    '/cards/ca',
    {
      config: { public: true },
      schema: {
        tags: ['cards'],
        summary: 'The country signing CA certificate, then its document signer certificates, as PEM (public)',
        produces: ['application/x-pem-file'],
        response: { 200: Type.String(), 503: ErrorBodySchema },
      },
    },
    async (_req, reply) => reply.type('application/x-pem-file').send(verify.caPem()),
  );
}
