import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/loanbook.mjs', import.meta.url));

export interface TCliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `loanbook` command as a user would, in `cwd`, with exactly `env` (plus PATH and HOME): no
 * terminal, so it never asks anything.
 */
export function runCli(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<TCliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
