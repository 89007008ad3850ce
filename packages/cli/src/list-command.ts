import type { Command } from 'commander';
import type { Page, Query } from './api.js';
import { contextOf, wholeNumber, type CommandContext } from './context.js';
import { printList } from './output.js';

export interface ListSpec {
  description: string;
  /** Plural noun for the progress line: "users". */
  what: string;
  columns: readonly string[];
  /** Positional arguments, e.g. `<licenseId>`. */
  args?: string;
  path(ctx: CommandContext, args: string[], options: Record<string, unknown>): string;
  /** Declares the list's filters on the command. */
  filters?(command: Command): Command;
  /** The query of the filters given. */
  query?(options: Record<string, unknown>): Query;
}

/**
 * A list subcommand: one page (`--limit`, `--cursor`) or every page (`--all`, with progress on a
 * terminal), printed as a table or as the API's JSON.
 */
export function addListCommand(parent: Command, name: string, spec: ListSpec): Command {
  const command = parent
    .command(`${name}${spec.args === undefined ? '' : ` ${spec.args}`}`)
    .description(spec.description)
    .option('--limit <n>', 'items on the page (1 to 500)', wholeNumber(1, 500))
    .option('--cursor <cursor>', 'the nextCursor of the page before')
    .option('--all', 'every page (with progress on a terminal)');
  (spec.filters ?? ((c: Command) => c))(command);
  return command.action(async (...received: unknown[]) => {
    const cmd = received[received.length - 1] as Command;
    const ctx = contextOf(cmd);
    const options = cmd.opts<Record<string, unknown> & { limit?: number; cursor?: string; all?: boolean }>();
    const path = spec.path(ctx, cmd.args, options);
    const query = spec.query?.(options) ?? {};
    const page: Page<unknown> = options.all === true
      ? { items: await ctx.api.all(path, query, spec.what), nextCursor: null }
      : await ctx.api.request<Page<unknown>>('GET', path, undefined, { ...query, limit: options.limit, cursor: options.cursor });
    printList(ctx.out, page, spec.columns);
  });
}
