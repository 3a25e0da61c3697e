// HTTP routes of campaign progress: per unit counts, rolled up, with the province ranking; the re-verification list.
import { contextOf } from '../../../http/context.ts';
import { ErrorBodySchema } from '../../../http/schemas.ts';
import type { HttpApp } from '../../../http/types.ts';
import { CampaignParams, ProgressQuery, ProgressReport } from '../campaign.schemas.ts';
import { ReverificationList, ReverificationQuery } from './campaign.progress.schemas.ts';
import type { CampaignProgressService } from './campaign.progress.service.ts';

export function registerCampaignProgressRoutes(
  api: HttpApp,
  deps: { campaignProgress: CampaignProgressService },
): void {
  api.get(
    '/campaigns/:code/progress',
    {
      schema: {
        tags: ['campaign'],
        summary:
          'Progress per province or commune: expected, ballots per review level, errors, % complete, completion date, rank',
        params: CampaignParams,
        querystring: ProgressQuery,
        response: {
          200: ProgressReport,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
        },
      },
    },
    async (req) => deps.campaignProgress.progress(contextOf(req), req.params.code, req.query),
  );

  api.get(
    '/campaigns/:code/reverification',
    {
      schema: {
        tags: ['campaign'],
        summary:
          'Alive: living persons of your jurisdiction whose record has not been confirmed for years, to re-verify (audited)',
        params: CampaignParams,
        querystring: ReverificationQuery,
        response: {
          200: ReverificationList,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
          404: ErrorBodySchema,
        },
      },
    },
    async (req) => deps.campaignProgress.reverificationList(contextOf(req), req.params.code, req.query),
  );
}
