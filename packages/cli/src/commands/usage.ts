import type { Command } from 'commander';
import { path } from '../api.js';
import { contextOf, given } from '../context.js';
import { printRecord } from '../output.js';

/** `allot usage <licenseId>`: how much of a license is used. */
export function usageCommand(program: Command): void {
  program
    .command('usage <licenseId>')
    .description("a license's usage: used and available, hits per day, data ticks or objects by model")
    .option('--from <date>', 'first tenant day (YYYY-MM-DD)')
    .option('--to <date>', 'last tenant day (YYYY-MM-DD)')
    .action(async (id: string, options: { from?: string; to?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/tenants/${ctx.tenant}/licenses/${id}/usage`, undefined, given({ ...options }) as Record<string, string>));
    });
}
