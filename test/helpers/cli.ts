// The popreg command line as the tests run it: `node --import tsx src/cli/main.ts …` in a child process (node
// itself, not npx, so the exit code is popreg's). A failing command answers its exit code and output instead of
// throwing, so a test can check the one-line reason.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `popreg …args` with the environment given on top of this process's (POPREG_TODAY, POPREG_DB…). */
export async function runPopreg(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 20_000_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
