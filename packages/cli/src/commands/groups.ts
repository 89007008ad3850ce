import type { Command } from 'commander';
import { path } from '../api.js';
import { contextOf } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';

/** `allot groups …`: a tenant's user groups and their members. */
export function groupsCommand(program: Command): void {
  const groups = program.command('groups').description("a tenant's groups: list, get, create, rename, delete, members, add-members, remove-member");

  addListCommand(groups, 'list', {
    description: 'list groups',
    what: 'groups',
    columns: ['id', 'name', 'memberCount'],
    path: (ctx) => path`/v1/tenants/${ctx.tenant}/groups`,
    filters: (c) => c.option('--search <text>', 'whose name holds this text, in any case'),
    query: (o) => ({ q: o.search as string | undefined }),
  });

  groups
    .command('get <groupId>')
    .description('one group')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/tenants/${ctx.tenant}/groups/${id}`));
    });

  groups
    .command('create <name>')
    .description('create a group')
    .action(async (name: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', path`/v1/tenants/${ctx.tenant}/groups`, { name }));
    });

  groups
    .command('rename <groupId> <name>')
    .description('rename a group')
    .action(async (id: string, name: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('PATCH', path`/v1/tenants/${ctx.tenant}/groups/${id}`, { name }));
    });

  groups
    .command('delete <groupId>')
    .description('delete a group')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', path`/v1/tenants/${ctx.tenant}/groups/${id}`);
      printDone(ctx.out, `Deleted group ${id}.`);
    });

  addListCommand(groups, 'members', {
    description: "a group's members",
    what: 'members',
    args: '<groupId>',
    columns: ['id', 'email', 'name', 'roles'],
    path: (ctx, [id = '']) => path`/v1/tenants/${ctx.tenant}/groups/${id}/members`,
  });

  groups
    .command('add-members <groupId> <userIds...>')
    .description('add users to a group (all or none)')
    .action(async (id: string, userIds: string[], _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const answer = await ctx.api.request<{ added: string[]; alreadyMembers: string[] }>('POST', path`/v1/tenants/${ctx.tenant}/groups/${id}/members`, { userIds });
      printDone(ctx.out, `Added ${answer.added.length}; already members: ${answer.alreadyMembers.length}.`, answer);
    });

  groups
    .command('remove-member <groupId> <userId>')
    .description('remove a user from a group')
    .action(async (id: string, userId: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', path`/v1/tenants/${ctx.tenant}/groups/${id}/members/${userId}`);
      printDone(ctx.out, `Removed ${userId} from group ${id}.`);
    });
}
