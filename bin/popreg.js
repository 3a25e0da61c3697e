#!/usr/bin/env node
// Entry point installed as `popreg`: runs the compiled CLI (built by `npm run build`, which `npm ci` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  console.error('popreg: not built yet; run `npm run build` in the project folder first');
  process.exit(1);
}
await import(compiled);
