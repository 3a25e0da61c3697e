// The composition root: builds every service once from the database and the configuration.
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';

export interface Services {
  db: Db;
  config: Config;
}

export function createServices(db: Db, config: Config): Services {
  return { db, config };
}
