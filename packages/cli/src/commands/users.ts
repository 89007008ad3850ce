import type { Command } from 'commander';
import { path } from '../api.js';
import { collect, contextOf, given, readInput } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';
import { progress } from '../progress.js';
import { readUserCsv } from '../user-csv.js';

const columns = ['id', 'email', 'name', 'roles', 'certifiedProfessional', 'hasPassword'];

interface UserOptions {
  email?: string;
  name?: string;
  role?: string[];
  certified?: boolean;
  password?: string;
}

const body = (o: UserOptions) => given({ email: o.email, name: o.name, roles: o.role, certifiedProfessional: o.certified, password: o.password });

/** `allot users …`: the users of a tenant, and `users import <csv>`. */
export function usersCommand(program: Command): void {
  const users = program.command('users').description("a tenant's users: list, get, create, update, delete, import");

  addListCommand(users, 'list', {
    description: 'list users',
    what: 'users',
    columns,
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/users`,
    filters: (c) =>
      c
        .option('--search <text>', 'whose name or e-mail holds this text, in any case')
        .option('--role <role>', 'holding this role')
        .option('--email <email>', 'with this e-mail')
        .option('--group <groupId>', 'members of this group'),
    query: (o) => ({ q: o.search as string | undefined, role: o.role as string | undefined, email: o.email as string | undefined, groupId: o.group as string | undefined }),
  });

  users
    .command('get <userId>')
    .description('one user')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/tenants/${ctx.tenant}/users/${id}`));
    });

  users
    .command('create')
    .description('create a user')
    .requiredOption('--email <email>', 'their e-mail')
    .requiredOption('--name <name>', 'their name')
    .option('--role <role>', 'a role (repeat for more): owner, license_manager, system_admin, auditor, member', collect)
    .option('--certified', 'a certified professional (uses no seat)')
    .option('--password <password>', 'a console password (at least 10 characters)')
    .action(async (options: UserOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', path`/v1/tenants/${ctx.tenant}/users`, body(options)));
    });

  users
    .command('update <userId>')
    .description('change a user')
    .option('--email <email>', 'a new e-mail')
    .option('--name <name>', 'a new name')
    .option('--role <role>', 'the roles, replacing the ones held (repeat for more)', collect)
    .option('--certified', 'make a certified professional')
    .option('--no-certified', 'no longer a certified professional')
    .option('--password <password>', 'a new console password')
    .action(async (id: string, options: UserOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('PATCH', path`/v1/tenants/${ctx.tenant}/users/${id}`, body(options)));
    });

  users
    .command('delete <userId>')
    .description('delete a user')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', path`/v1/tenants/${ctx.tenant}/users/${id}`);
      printDone(ctx.out, `Deleted user ${id}.`);
    });

  users
    .command('import <csv>')
    .description('create every user of a CSV file (header: email,name,roles,certifiedProfessional; roles separated by ";"), all or none')
    .option('--dry-run', 'check every row against the tenant and create nothing')
    .action(async (file: string, options: { dryRun?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const rows = readUserCsv(readInput(file));
      const bar = progress(`Importing ${rows.users.length} users ({duration}s)`);
      const outcome = await ctx.api
        .request<{ dryRun: boolean; created: number; userIds: string[] }>('POST', path`/v1/tenants/${ctx.tenant}/users/import`, { users: rows.users, dryRun: options.dryRun === true })
        .catch(rows.explain)
        .finally(() => bar?.stop());
      printDone(ctx.out, outcome.dryRun ? `Dry run: all ${outcome.created} users can be created; nothing was.` : `Created ${outcome.created} users.`, outcome);
    });
}
