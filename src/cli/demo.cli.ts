// `popreg demo`: everything a first look needs in one command. Prepares the database, generates a synthetic
// province (Nghệ An by default, one of three localities to finish the 2021 collection early), loads it and serves.
import { join } from 'node:path';
import type { Command } from 'commander';
import { isLoopbackHost, loadConfig } from '../config.ts';
import { cliContext, SYSTEM_CONTEXT } from '../domain/context.ts';
import { ensureAuditKey } from '../modules/audit/audit.key.ts';
import { seedDemoCampaign } from '../modules/campaign/campaign.demo.ts';
import { ensureCardKeys, seedDemoCards } from '../modules/card/card.demo.ts';
import { writePopulation } from '../modules/generator/generate.ts';
import { loadFile, printLoadReport } from '../modules/registry/load.cli.ts';
import type { Services } from '../services.ts';
import { type DbOption, positiveInteger, withDb, withServices } from './context.ts';
import { startProgress } from './progress.ts';
import { initDatabase, serve } from './server.cli.ts';

interface DemoOptions extends DbOption {
  people: number;
  province: string;
  port?: number;
  host?: string;
  seed: number;
}

const DEMO_PASSWORD = 'popreg-demo-2026';

/** Officers to try the web application with (the national administrator also needs a TOTP app). */
async function createDemoOfficers(s: Services, province: string): Promise<void> {
  const sample = await s.registry.search(SYSTEM_CONTEXT, { unit: province, limit: 1 });
  const commune = sample.items[0]?.residenceUnit;
  const officers = [
    {
      username: 'canbo.tinh',
      displayName: 'Cán bộ công an tỉnh',
      roles: ['provincial_officer'],
      jurisdiction: province,
    },
    ...(commune
      ? [{ username: 'canbo.xa', displayName: 'Cán bộ công an xã', roles: ['commune_officer'], jurisdiction: commune }]
      : []),
    { username: 'canbo.the', displayName: 'Cán bộ sản xuất thẻ', roles: ['card_officer'], jurisdiction: province },
    { username: 'kiemtoan', displayName: 'Kiểm toán viên', roles: ['auditor'], jurisdiction: null },
  ];
  for (const o of officers) {
    await s.access.createUser(cliContext('demo set-up'), { ...o, password: DEMO_PASSWORD });
  }
  console.log(
    `demo officers (password "${DEMO_PASSWORD}"): ${officers.map((o) => `${o.username} (${o.roles[0]}${o.jurisdiction ? ` ${o.jurisdiction}` : ''})`).join(', ')}`,
  );
}

export function registerDemoCommand(program: Command): void {
  withDb(
    program
      .command('demo')
      .description(
        'init the database, generate a synthetic province, load it and serve the API (skips generation when persons exist)',
      )
      .option('--people <n>', 'persons to generate', positiveInteger('people'), 30_000)
      .option('--province <code>', 'current 2-digit province code', '40')
      .option('--seed <n>', 'generator seed', positiveInteger('seed'), 896)
      .option('--port <n>', 'port (default POPREG_PORT or 8080)', positiveInteger('port'))
      .option('--host <addr>', 'address to listen on (default 127.0.0.1)'),
  ).action(async (opts: DemoOptions) => {
    // As `popreg init` does: the audit key exists before anything is appended, so the server can start on the trail.
    const config = loadConfig({ db: opts.db });
    for (const line of ensureAuditKey(config)) console.log(line);
    // The card signing keys too: the cards pages and the card verification need a CA.
    for (const line of await ensureCardKeys(config.cards.keyDir, new Date())) console.log(line);
    await withServices(opts, async (s) => {
      await initDatabase(s);
      const { total } = await s.registry.stats(SYSTEM_CONTEXT);
      if (total > 0) {
        console.log(`the registry already holds ${total} persons: serving them`);
        return;
      }
      const file = join('data', `demo-${opts.province}-${opts.people}.csv`);
      const bar = startProgress('generating', opts.people, 'persons');
      const gen = await writePopulation({
        people: opts.people,
        province: opts.province,
        seed: opts.seed,
        out: file,
        today: s.config.today(),
        onProgress: (done) => bar.update(done),
      });
      bar.stop();
      console.log(
        `generated ${gen.ballots} ballots (${gen.households} households) in ${(gen.ms / 1000).toFixed(1)} s: ${file}`,
      );
      printLoadReport(await loadFile(s, file));
      await createDemoOfficers(s, opts.province);
      const campaignStarted = Date.now();
      const campaign = await seedDemoCampaign(s, file);
      console.log(
        `collection campaign: ${campaign.ballots} ballots of ${campaign.approved.length + campaign.verified.length + campaign.checked.length} communes imported (job ${campaign.jobId}) and reviewed in ${((Date.now() - campaignStarted) / 1000).toFixed(1)} s: ` +
          `${campaign.approved.length} communes approved, ${campaign.verified.length} verified, ${campaign.checked.length} checked`,
      );
      const cards = await seedDemoCards(s, opts.province, 'canbo.the');
      console.log(
        `identity cards: ${cards.applications} applications, batch ${cards.batchId ?? '-'} produced, ${cards.issued} cards handed over`,
      );
    });
    // The demo is looked at in a browser on this machine over plain HTTP, where a Secure cookie would not be
    // sent back: say so explicitly, and only on a loopback address (serve refuses it anywhere else).
    const host = opts.host ?? '127.0.0.1';
    await serve({ ...opts, insecureHttp: isLoopbackHost(host) });
  });
}
