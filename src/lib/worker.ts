// Worker threads start from compiled JavaScript (dist) or from the TypeScript sources (tests, tsx, benchmarks).
// Node 20 does not apply loader hooks given in a worker's execArgv, so from sources a tiny bootstrap registers
// tsx inside the worker first (through tsx's ESM API: its CommonJS twin fails to register from a worker).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let tsxApi: string | undefined;

function tsxApiUrl(): string {
  tsxApi ??= pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
  ).href;
  return tsxApi;
}

/**
 * Starts the worker module `name` (without extension, e.g. "./quality.worker") that sits beside the module whose
 * `import.meta.url` is `from`, in the same form (.ts or .js) as that module.
 */
export function startWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = from.endsWith('.ts');
  const url = new URL(`${name}.${fromSource ? 'ts' : 'js'}`, from);
  if (!fromSource) return new Worker(url, options);
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
