// HTTP routes of intake: one ballot (the web form), bulk uploads that become import jobs (202, run in the
// background; the web polls the job for its progress bar), job listing and the per-row reports. Thin handlers over
// CampaignImportService. Uploads are streamed to disk, never held in memory.
import { PassThrough, type Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../../domain/errors.ts';
import { contextOf } from '../../../http/context.ts';
import { ErrorBodySchema } from '../../../http/schemas.ts';
import type { HttpApp } from '../../../http/types.ts';
import { findUpload, removeUpload, saveUpload, UploadTooLargeError } from './campaign.import.files.ts';
import type { CampaignImportService, ImportJobView } from './campaign.import.service.ts';
import {
  BallotBody,
  BallotView,
  ImportAccepted,
  ImportJobDetail,
  ImportQuery,
  IntakeBallotParams,
  IntakeCampaignParams,
  JobList,
  JobListQuery,
  JobParams,
} from './campaign.intake.schemas.ts';

/** Uploads larger than this are refused (413): a million DC01 rows take about 300 MB as CSV. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** Content types of a raw (non-multipart) upload: the body is the file itself. */
const RAW_TYPES = [
  'text/csv',
  'application/csv',
  'application/octet-stream',
  'application/x-ndjson',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

function tooLarge(): DomainError {
  return new DomainError('CAMPAIGN.FILE_TOO_LARGE', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`, {
    limit: MAX_UPLOAD_BYTES,
  });
}

/** The uploaded file as a stream and its name: a multipart file field, or the raw body. */
async function uploadedFile(
  req: FastifyRequest,
  nameParam: string | undefined,
): Promise<{ stream: Readable; name: string }> {
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (!part) throw new DomainError('BAD_REQUEST', 'the form has no file field', { rule: 'upload.no_file' });
    return { stream: part.file, name: part.filename || nameParam || 'upload' };
  }
  const body = req.body as Readable | undefined;
  if (!body || typeof (body as Readable).pipe !== 'function')
    throw new DomainError(
      'BAD_REQUEST',
      `send the file as multipart/form-data or as the body (${RAW_TYPES.join(', ')})`,
      {
        rule: 'upload.content_type',
      },
    );
  return { stream: body, name: nameParam || 'upload' };
}

export function registerIntakeRoutes(api: HttpApp, deps: { campaignImport: CampaignImportService }): void {
  const svc = deps.campaignImport;
  const cleanUp = (job: ImportJobView) => {
    const path = findUpload(job.fileSha256, job.fileName);
    if (path) removeUpload(path);
  };

  api.post(
    '/campaigns/:code/ballots',
    {
      schema: {
        tags: ['campaign'],
        summary:
          'Enter one ballot (DC01 or DC02): validated by the four principles; errors refuse it (400, nothing stored), ' +
          'warnings are stored on it. The same ballot again returns the stored one (200)',
        params: IntakeCampaignParams,
        body: BallotBody,
        response: { 200: BallotView, 201: BallotView, ...errors },
      },
    },
    async (req, reply) => {
      const r = await svc.submitBallot(contextOf(req), req.params.code, req.body.form, req.body.values);
      return reply.code(r.created ? 201 : 200).send(r.ballot);
    },
  );

  api.get(
    '/campaigns/:code/ballots/:id',
    {
      schema: {
        tags: ['campaign'],
        summary: 'One ballot with its fields and issues (audited; within your jurisdiction)',
        params: IntakeBallotParams,
        response: { 200: BallotView, ...errors },
      },
    },
    async (req) => svc.getBallot(contextOf(req), req.params.code, req.params.id),
  );

  // Uploads live in their own plugin so the raw-body and multipart parsers apply to these routes only.
  void api.register(async (uploads) => {
    const app = uploads as unknown as HttpApp;
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    app.addContentTypeParser(RAW_TYPES, (_req, payload, done) => done(null, payload));

    app.post(
      '/campaigns/:code/imports',
      {
        schema: {
          tags: ['campaign'],
          summary:
            'Upload a file of ballots (CSV, XLSX, NDJSON) as multipart/form-data (field "file") or as the raw body: it ' +
            'is imported in the background as a job (202); poll the job for status and progress. The same file ' +
            'again returns the job that imported it',
          params: IntakeCampaignParams,
          querystring: ImportQuery,
          response: { 200: ImportAccepted, 202: ImportAccepted, ...errors, 409: ErrorBodySchema, 413: ErrorBodySchema },
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        const form = req.query.form ?? 'DC01';
        await svc.assertCanImport(ctx, req.params.code, form);
        const file = await uploadedFile(req, req.query.name);
        let saved: Awaited<ReturnType<typeof saveUpload>>;
        try {
          saved = await saveUpload(file.stream, file.name, MAX_UPLOAD_BYTES);
        } catch (err) {
          if (err instanceof UploadTooLargeError || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw tooLarge();
          throw err;
        }
        const r = await svc.startImport(
          ctx,
          {
            campaign: req.params.code,
            form,
            path: saved.path,
            fileName: file.name,
            sha256: saved.sha256,
            bytes: saved.bytes,
          },
          cleanUp,
        );
        if (r.alreadyImported) removeUpload(saved.path);
        return reply.code(r.alreadyImported ? 200 : 202).send(r);
      },
    );
  });

  api.get(
    '/campaigns/:code/imports',
    {
      schema: {
        tags: ['campaign'],
        summary: 'Import jobs started in your jurisdiction, newest first',
        params: IntakeCampaignParams,
        querystring: JobListQuery,
        response: { 200: JobList, ...errors },
      },
    },
    async (req) => svc.listJobs(contextOf(req), req.params.code, req.query),
  );

  api.get(
    '/campaigns/:code/imports/:id',
    {
      schema: {
        tags: ['campaign'],
        summary: 'An import job: status, rows done of rows total (progress), counts, issues by rule, file error',
        params: JobParams,
        response: { 200: ImportJobDetail, ...errors },
      },
    },
    async (req) => svc.getJob(contextOf(req), req.params.code, req.params.id),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/campaigns/:code/imports/:id/report.${format}`,
      {
        schema: {
          tags: ['campaign'],
          summary: `The per-row report of an import as ${format.toUpperCase()}: row, field, rule, principle, severity, messages in Vietnamese and English, value (audited)`,
          params: JobParams,
          produces: [
            format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ],
          response: { 200: Type.String({ format: 'binary', description: `the report file (${format})` }), ...errors },
        },
      },
      async (req, reply) => {
        const report = await svc.openReport(contextOf(req), req.params.code, req.params.id, format);
        const out = new PassThrough();
        report.write(out).catch((err: unknown) => out.destroy(err as Error));
        return reply
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', `attachment; filename="${report.fileName}"`)
          .send(out as unknown as string);
      },
    );
  }

  // A server that stopped during an import (crash, kill) takes its uploaded jobs over when it starts again.
  api.addHook('onReady', async () => {
    await svc.resumeInterrupted((job) => findUpload(job.fileSha256, job.fileName), cleanUp).catch(() => []);
  });
}
