import type { Command } from 'commander';
import { path } from '../api.js';
import { collect, contextOf, given, wholeNumber, type CommandContext } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';

const apiKeyColumns = ['id', 'kind', 'name', 'roles', 'prefix', 'createdAt', 'revokedAt'];

/** The API keys a command works on: the vendor's with `--vendor`, else the tenant's. */
const keysPath = (ctx: CommandContext, vendor: unknown): string => (vendor === true ? '/v1/api-keys' : path`/v1/tenants/${ctx.tenant}/api-keys`);

/** `allot keys …`: tenant and vendor API keys, and license keys for device licenses. */
export function keysCommand(program: Command): void {
  const keys = program.command('keys').description("API keys (a tenant's, or the vendor's with --vendor) and license keys (keys license …)");

  addListCommand(keys, 'list', {
    description: 'list API keys (never the keys themselves)',
    what: 'keys',
    columns: apiKeyColumns,
    path: (ctx, _args, options) => keysPath(ctx, options.vendor),
    filters: (c) => c.option('--vendor', "the vendor's admin keys"),
  });

  keys
    .command('get <keyId>')
    .description('one API key (never the key itself)')
    .option('--vendor', "a vendor's admin key")
    .action(async (id: string, options: { vendor?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', `${keysPath(ctx, options.vendor)}/${encodeURIComponent(id)}`));
    });

  keys
    .command('create')
    .description('make an API key and print it once: a tenant admin key with roles, an app key, or (--vendor) a vendor-admin key')
    .option('--vendor', 'a vendor-admin key')
    .option('--kind <kind>', 'admin or app (tenant keys)', 'admin')
    .option('--name <name>', 'a name to know it by')
    .option('--role <role>', 'a role of an admin key (repeat for more)', collect)
    .action(async (options: { vendor?: boolean; kind: string; name?: string; role?: string[] }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const body = options.vendor === true ? given({ name: options.name }) : given({ kind: options.kind, name: options.name, roles: options.role });
      const made = await ctx.api.request<{ key: string }>('POST', keysPath(ctx, options.vendor), body);
      printRecord(ctx.out, made);
    });

  keys
    .command('revoke <keyId>')
    .description('revoke an API key')
    .option('--vendor', "a vendor's admin key")
    .action(async (id: string, options: { vendor?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', `${keysPath(ctx, options.vendor)}/${encodeURIComponent(id)}`);
      printDone(ctx.out, `Revoked key ${id}.`);
    });

  const license = keys.command('license').description('license keys for device licenses: list, get, issue (vendor)');

  addListCommand(license, 'list', {
    description: 'every issued license key, with the tenant it is registered in',
    what: 'license keys',
    columns: ['id', 'key', 'category', 'termDays', 'count', 'tenantId', 'registeredAt'],
    path: () => '/v1/license-keys',
    filters: (c) => c.option('--category <category>', 'of this category').option('--registered-in <tenantId>', 'registered in this tenant'),
    query: (o) => ({ category: o.category as string | undefined, tenantId: o.registeredIn as string | undefined }),
  });

  license
    .command('get <licenseKeyId>')
    .description('one issued license key')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/license-keys/${id}`));
    });

  license
    .command('issue')
    .description('issue a license key for device licenses')
    .requiredOption('--category <category>', 'the device category')
    .requiredOption('--term-days <days>', 'the term of each license in days', wholeNumber(1))
    .requiredOption('--count <n>', 'how many licenses the key holds', wholeNumber(1))
    .action(async (options: { category: string; termDays: number; count: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', '/v1/license-keys', { ...options }));
    });
}
