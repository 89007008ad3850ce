import type { Command } from 'commander';
import { path } from '../api.js';
import { collect, contextOf } from '../context.js';
import { printDone } from '../output.js';
import { UsageError } from '../usage-error.js';

interface SeatOutcome {
  dryRun: boolean;
  added: string[];
  removed: string[];
  used: number;
  available: number | null;
}

interface SeatOptions {
  user?: string[];
  group?: string;
  dryRun?: boolean;
}

const summary = (o: SeatOutcome) =>
  `${o.dryRun ? 'Dry run: ' : ''}${o.added.length} seated, ${o.removed.length} unseated; ${o.used} used, ${o.available ?? 'unlimited'} available.`;

/** Users xor one group, as both commands take them. */
function target(options: SeatOptions): { userIds: string[] } | { groupId: string } {
  const users = options.user ?? [];
  if ((users.length > 0) === (options.group !== undefined)) throw new UsageError('Name users (--user, repeatable) or one group (--group), not both.');
  return options.group === undefined ? { userIds: users } : { groupId: options.group };
}

const seatCommand = (program: Command, name: string, description: string) =>
  program
    .command(`${name} <licenseId>`)
    .description(description)
    .option('--user <userId>', 'a user (repeat for more)', collect)
    .option('--group <groupId>', 'a group')
    .option('--dry-run', 'answer what would change, changing nothing');

/** `allot assign` and `allot recall`: seats of a license for users, or a group linked to it. */
export function seatCommands(program: Command): void {
  seatCommand(program, 'assign', 'give users seats of a license, or link a group to it (all or none)').action(async (license: string, options: SeatOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const who = target(options);
    const query = { dryRun: options.dryRun === true };
    const answer = 'groupId' in who
      ? await ctx.api.request<SeatOutcome>('POST', path`/v1/tenants/${ctx.tenant}/licenses/${license}/groups`, who, query)
      : await ctx.api.request<SeatOutcome>('POST', path`/v1/tenants/${ctx.tenant}/licenses/${license}/assignments`, who, query);
    printDone(ctx.out, summary(answer), answer);
  });

  seatCommand(program, 'recall', "take back users' direct seats of a license, or unlink a group (all or none)").action(async (license: string, options: SeatOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const who = target(options);
    const query = { dryRun: options.dryRun === true };
    const answer = 'groupId' in who
      ? await ctx.api.request<SeatOutcome>('DELETE', path`/v1/tenants/${ctx.tenant}/licenses/${license}/groups/${who.groupId}`, undefined, query)
      : await ctx.api.request<SeatOutcome>('DELETE', path`/v1/tenants/${ctx.tenant}/licenses/${license}/assignments`, who, query);
    printDone(ctx.out, summary(answer), answer);
  });
}
