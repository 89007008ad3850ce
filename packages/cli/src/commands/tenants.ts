import type { Command } from 'commander';
import { path } from '../api.js';
import { contextOf, given } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';

const columns = ['id', 'name', 'customerCode', 'mode', 'status', 'timeZone'];

/** `allot tenants …`: the vendor's tenants (a tenant key sees its own). */
export function tenantsCommand(program: Command): void {
  const tenants = program.command('tenants').description('tenants: list, get, create, update, delete');

  addListCommand(tenants, 'list', {
    description: 'list tenants',
    what: 'tenants',
    columns,
    path: () => '/v1/tenants',
    filters: (c) => c.option('--mode <mode>', 'live or sandbox').option('--status <status>', 'filter by status'),
    query: (o) => ({ mode: o.mode as string | undefined, status: o.status as string | undefined }),
  });

  tenants
    .command('get <tenantId>')
    .description('one tenant')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/tenants/${id}`));
    });

  tenants
    .command('create')
    .description('create a tenant')
    .requiredOption('--name <name>', 'the customer name')
    .requiredOption('--customer-code <code>', 'the customer code')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Zurich')
    .option('--mode <mode>', 'live (default) or sandbox')
    .option('--clock <instant>', "a sandbox tenant's starting test clock")
    .action(async (options: { name: string; customerCode: string; timeZone?: string; mode?: string; clock?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', '/v1/tenants', given({ ...options })));
    });

  tenants
    .command('update <tenantId>')
    .description('change a tenant')
    .option('--name <name>', 'a new name')
    .option('--customer-code <code>', 'a new customer code')
    .option('--time-zone <zone>', 'a new time zone')
    .action(async (id: string, options: { name?: string; customerCode?: string; timeZone?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('PATCH', path`/v1/tenants/${id}`, given({ ...options })));
    });

  tenants
    .command('delete <tenantId>')
    .description('delete a tenant and all its data')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', path`/v1/tenants/${id}`);
      printDone(ctx.out, `Deleted tenant ${id}.`);
    });
}
