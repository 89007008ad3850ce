import type { Command } from 'commander';
import { path } from '../api.js';
import { collect, contextOf, given, type CommandContext } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';

/** The webhooks a command works on: the vendor's (every tenant's events) with `--vendor`, else the tenant's. */
const hooksPath = (ctx: CommandContext, vendor: unknown): string => (vendor === true ? '/v1/webhooks' : path`/v1/tenants/${ctx.tenant}/webhooks`);

const vendorFlag = (c: Command) => c.option('--vendor', "the vendor's webhooks, which receive every tenant's events");

/** `allot webhooks …`: webhooks and their delivery logs. */
export function webhooksCommand(program: Command): void {
  const hooks = program.command('webhooks').description("webhooks (a tenant's, or the vendor's with --vendor): list, get, create, update, delete, ping, deliveries, retry");

  addListCommand(hooks, 'list', {
    description: 'list webhooks (never their secrets)',
    what: 'webhooks',
    columns: ['id', 'url', 'events', 'enabled'],
    path: (ctx, _args, options) => hooksPath(ctx, options.vendor),
    filters: vendorFlag,
  });

  vendorFlag(hooks.command('get <webhookId>').description('one webhook (never its secret)')).action(async (id: string, options: { vendor?: boolean }, cmd: Command) => {
    const ctx = contextOf(cmd);
    printRecord(ctx.out, await ctx.api.request('GET', `${hooksPath(ctx, options.vendor)}/${encodeURIComponent(id)}`));
  });

  vendorFlag(hooks.command('create').description('create a webhook; its signing secret is shown once'))
    .requiredOption('--endpoint <url>', 'where the events are POSTed')
    .requiredOption('--event <type>', 'an event type it receives (repeat for more), e.g. license.expiring', collect)
    .action(async (options: { vendor?: boolean; endpoint: string; event: string[] }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', hooksPath(ctx, options.vendor), { url: options.endpoint, events: options.event }));
    });

  vendorFlag(hooks.command('update <webhookId>').description('change the endpoint or events of a webhook, or disable and enable it'))
    .option('--endpoint <url>', 'a new endpoint')
    .option('--event <type>', 'the event types, replacing the ones it has (repeat for more)', collect)
    .option('--disable', 'stop sending to it')
    .option('--enable', 'send to it again')
    .action(async (id: string, options: { vendor?: boolean; endpoint?: string; event?: string[]; disable?: boolean; enable?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const enabled = options.enable === true ? true : options.disable === true ? false : undefined;
      printRecord(ctx.out, await ctx.api.request('PATCH', `${hooksPath(ctx, options.vendor)}/${encodeURIComponent(id)}`, given({ url: options.endpoint, events: options.event, enabled })));
    });

  vendorFlag(hooks.command('delete <webhookId>').description('delete a webhook and its delivery log')).action(async (id: string, options: { vendor?: boolean }, cmd: Command) => {
    const ctx = contextOf(cmd);
    await ctx.api.request('DELETE', `${hooksPath(ctx, options.vendor)}/${encodeURIComponent(id)}`);
    printDone(ctx.out, `Deleted webhook ${id}.`);
  });

  vendorFlag(hooks.command('ping <webhookId>').description('send a ping event to this webhook only')).action(async (id: string, options: { vendor?: boolean }, cmd: Command) => {
    const ctx = contextOf(cmd);
    printRecord(ctx.out, await ctx.api.request('POST', `${hooksPath(ctx, options.vendor)}/${encodeURIComponent(id)}/ping`));
  });

  addListCommand(hooks, 'deliveries', {
    description: 'the delivery log of a webhook, newest first',
    what: 'deliveries',
    args: '<webhookId>',
    columns: ['id', 'type', 'attempt', 'status', 'responseStatus', 'error', 'createdAt'],
    path: (ctx, [id = ''], options) => `${hooksPath(ctx, options.vendor)}/${encodeURIComponent(id)}/deliveries`,
    filters: vendorFlag,
  });

  vendorFlag(hooks.command('retry <webhookId> <deliveryId>').description('send a delivery again now, with the same event id')).action(
    async (id: string, delivery: string, options: { vendor?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', `${hooksPath(ctx, options.vendor)}/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(delivery)}/retry`));
    },
  );
}
