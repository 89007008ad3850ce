import type { Command } from 'commander';
import { path } from '../api.js';
import { collect, contextOf, given, jsonObject, wholeNumber } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';
import { planCommand } from './planning.js';

const columns = ['id', 'code', 'name', 'model', 'product', 'quantity', 'used', 'status', 'validUntil'];

interface LicenseOptions {
  code?: string;
  name?: string;
  model?: string;
  product?: string;
  module?: string[];
  solution?: string;
  quantity?: number;
  unlimited?: boolean;
  validFrom?: string;
  validUntil?: string;
  status?: string;
  heartbeatSeconds?: number;
  fields?: Record<string, unknown>;
}

const body = (o: LicenseOptions) =>
  given({
    ...o.fields,
    code: o.code,
    name: o.name,
    model: o.model,
    product: o.product,
    modules: o.module,
    solution: o.solution,
    quantity: o.quantity,
    unlimited: o.unlimited,
    validFrom: o.validFrom,
    validUntil: o.validUntil,
    status: o.status,
    heartbeatSeconds: o.heartbeatSeconds,
  });

/** `allot licenses …`: a tenant's licenses with their usage. */
export function licensesCommand(program: Command): void {
  const licenses = program.command('licenses').description("a tenant's licenses: list, get, create, update, delete, seats, groups, plan");

  addListCommand(licenses, 'list', {
    description: 'licenses with usage',
    what: 'licenses',
    columns,
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/licenses`,
    filters: (c) => c.option('--model <model>', 'of this model').option('--product <code>', 'of this product').option('--status <status>', 'in this status'),
    query: (o) => ({ model: o.model as string | undefined, product: o.product as string | undefined, status: o.status as string | undefined }),
  });

  licenses
    .command('get <licenseId>')
    .description('one license with usage')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/tenants/${ctx.tenant}/licenses/${id}`));
    });

  licenses
    .command('create')
    .description('grant a license (vendor); `allot` shows the models with GET /v1/license-models')
    .requiredOption('--code <code>', 'the license code')
    .requiredOption('--name <name>', 'its name')
    .requiredOption('--model <model>', 'named, solution, server, concurrent, hits, data, volume, active_users, …')
    .option('--product <code>', 'the product it licenses')
    .option('--module <module>', 'a module it licenses (repeat for more)', collect)
    .option('--solution <code>', 'the solution it licenses')
    .option('--quantity <n>', 'how many', wholeNumber(0))
    .option('--unlimited', 'no limit')
    .option('--valid-from <date>', 'first day')
    .option('--valid-until <date>', 'last day')
    .option('--heartbeat-seconds <n>', 'for a concurrent license', wholeNumber(1))
    .option('--fields <json>', "the model's other fields, as a JSON object", jsonObject)
    .action(async (options: LicenseOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', path`/v1/tenants/${ctx.tenant}/licenses`, body(options)));
    });

  licenses
    .command('update <licenseId>')
    .description('change a license (vendor)')
    .option('--name <name>', 'a new name')
    .option('--quantity <n>', 'a new quantity', wholeNumber(0))
    .option('--unlimited', 'no limit')
    .option('--valid-from <date>', 'first day')
    .option('--valid-until <date>', 'last day')
    .option('--status <status>', 'active or suspended')
    .option('--heartbeat-seconds <n>', 'for a concurrent license', wholeNumber(1))
    .option('--fields <json>', 'other fields, as a JSON object', jsonObject)
    .action(async (id: string, options: LicenseOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('PATCH', path`/v1/tenants/${ctx.tenant}/licenses/${id}`, body(options)));
    });

  licenses
    .command('delete <licenseId>')
    .description('withdraw a license (vendor)')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', path`/v1/tenants/${ctx.tenant}/licenses/${id}`);
      printDone(ctx.out, `Withdrew license ${id}.`);
    });

  addListCommand(licenses, 'seats', {
    description: 'seat holders of a license and how they are seated',
    what: 'seat holders',
    args: '<licenseId>',
    columns: ['userId', 'email', 'name', 'direct', 'groupIds'],
    path: (ctx, [id = '']) => path`/v1/tenants/${ctx.tenant}/licenses/${id}/assignments`,
  });

  addListCommand(licenses, 'groups', {
    description: 'groups linked to a license',
    what: 'groups',
    args: '<licenseId>',
    columns: ['id', 'name', 'memberCount'],
    path: (ctx, [id = '']) => path`/v1/tenants/${ctx.tenant}/licenses/${id}/groups`,
  });

  planCommand(licenses);
}
