// `popreg card ca init|rotate`: the country signing CA and the document signers, in the key directory
// (POPREG_CARD_KEYS, default beside the SQLite file). The private keys stay in their files: nothing here prints one.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { initCardCa, rotateSigner } from './crypto/card.keys.ts';

export function registerCardCaCommands(card: Command): void {
  const ca = card.command('ca').description('the country signing CA and the document signers (key files)');
  ca.command('init')
    .description('create the CA and a first document signer in the key directory (POPREG_CARD_KEYS)')
    .option('--db <url>', 'database whose key directory to use by default')
    .action(async (opts: { db?: string }) => {
      const dir = loadConfig({ db: opts.db }).cards.keyDir;
      const r = await initCardCa(dir, new Date());
      console.log(`country signing CA and signer ${r.signerId} created in ${dir}\n${r.cscaCertPem}`);
    });
  ca.command('rotate')
    .description('a new active document signer; older signers stay verifiable')
    .option('--db <url>', 'database whose key directory to use by default')
    .action(async (opts: { db?: string }) => {
      const dir = loadConfig({ db: opts.db }).cards.keyDir;
      console.log(`document signer ${(await rotateSigner(dir, new Date())).signerId} is now active in ${dir}`);
    });
}
