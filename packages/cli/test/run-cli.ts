import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json(): any;
}

/** Runs the built `allot` as a person would, with `env` on top of a clean Allot environment. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ALLOT_') && name !== 'DATABASE_URL'));
  return new Promise((resolve) => {
    execFile(process.execPath, ['packages/cli/dist/main.js', ...args], { cwd: repoRoot, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({
        code,
        stdout,
        stderr,
        json: () => {
          if (code !== 0) throw new Error(`allot ${args.join(' ')} exited ${code}: ${stderr}`);
          return stdout === '' ? null : JSON.parse(stdout);
        },
      });
    });
  });
}
