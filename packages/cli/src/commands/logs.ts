import type { Command } from 'commander';
import { path } from '../api.js';
import { addListCommand } from '../list-command.js';

/** `allot logs …`: a tenant's denied-access, excess-usage and audit logs, newest first. */
export function logsCommand(program: Command): void {
  const logs = program.command('logs').description("a tenant's logs: denied, excess, audit");

  addListCommand(logs, 'denied', {
    description: 'denied-access log',
    what: 'denials',
    columns: ['at', 'userId', 'module', 'code', 'licenseId'],
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/logs/denied`,
    filters: (c) => c.option('--user <userId>', 'of this user').option('--module <module>', 'of this module').option('--code <code>', 'with this code').option('--from <date>', 'from').option('--to <date>', 'to'),
    query: (o) => ({ userId: o.user as string | undefined, module: o.module as string | undefined, code: o.code as string | undefined, from: o.from as string | undefined, to: o.to as string | undefined }),
  });

  addListCommand(logs, 'excess', {
    description: 'excess-usage log (grace periods)',
    what: 'excess uses',
    columns: ['at', 'licenseCode', 'userId', 'module', 'excessUsers', 'licensedMaximum'],
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/logs/excess`,
    filters: (c) => c.option('--user <userId>', 'of this user').option('--module <module>', 'of this module').option('--license <licenseId>', 'of this license'),
    query: (o) => ({ userId: o.user as string | undefined, module: o.module as string | undefined, licenseId: o.license as string | undefined }),
  });

  addListCommand(logs, 'audit', {
    description: 'audit log',
    what: 'audit events',
    columns: ['at', 'actor', 'action', 'targetType', 'targetId'],
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/audit`,
    filters: (c) => c.option('--action <action>', 'e.g. user.created').option('--actor <actor>', 'e.g. key:…').option('--target <id>', 'about this target').option('--from <instant>', 'from').option('--to <instant>', 'to'),
    query: (o) => ({ action: o.action as string | undefined, actor: o.actor as string | undefined, targetId: o.target as string | undefined, from: o.from as string | undefined, to: o.to as string | undefined }),
  });
}
