import type { Command } from 'commander';
import { path } from '../api.js';
import { addListCommand } from '../list-command.js';

/** `allot borrows …`: sessions borrowed for offline work (SPEC 11). */
export function borrowsCommand(program: Command): void {
  const borrows = program.command('borrows').description("a tenant's borrowed sessions: list");

  addListCommand(borrows, 'list', {
    description: 'borrowed sessions, newest first: active ones hold their licenses until they end or are returned',
    what: 'borrows',
    columns: ['id', 'userId', 'modules', 'startsAt', 'until', 'state', 'returnedAt'],
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/borrows`,
    filters: (c) => c.option('--active', 'only those not returned whose end has not come').option('--user <userId>', 'of this user'),
    query: (o) => ({ active: o.active === true ? true : undefined, userId: o.user as string | undefined }),
  });
}
