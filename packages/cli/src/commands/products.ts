import { InvalidArgumentError, type Command } from 'commander';
import { path } from '../api.js';
import { contextOf, given } from '../context.js';
import { addListCommand } from '../list-command.js';
import { printDone, printRecord } from '../output.js';

/** `code:name` → a module of a product. */
function moduleOf(value: string, before: { code: string; name: string }[] | undefined): { code: string; name: string }[] {
  const at = value.indexOf(':');
  if (at <= 0) throw new InvalidArgumentError('Write a module as code:name.');
  return [...(before ?? []), { code: value.slice(0, at), name: value.slice(at + 1) }];
}

/** `allot products …`: the vendor's catalog of products and their modules. */
export function productsCommand(program: Command): void {
  const products = program.command('products').description('the product catalog: list, get, create, update, delete');

  addListCommand(products, 'list', { description: 'list products', what: 'products', columns: ['id', 'code', 'name', 'modules'], path: () => '/v1/products' });

  products
    .command('get <productId>')
    .description('one product')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('GET', path`/v1/products/${id}`));
    });

  products
    .command('create')
    .description('create a product with modules')
    .requiredOption('--code <code>', 'the product code')
    .requiredOption('--name <name>', 'its name')
    .option('--module <code:name>', 'a module (repeat for more)', moduleOf)
    .action(async (options: { code: string; name: string; module?: { code: string; name: string }[] }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('POST', '/v1/products', given({ code: options.code, name: options.name, modules: options.module })));
    });

  products
    .command('update <productId>')
    .description('rename a product or add modules')
    .option('--name <name>', 'a new name')
    .option('--add-module <code:name>', 'a module to add (repeat for more)', moduleOf)
    .action(async (id: string, options: { name?: string; addModule?: { code: string; name: string }[] }, cmd: Command) => {
      const ctx = contextOf(cmd);
      printRecord(ctx.out, await ctx.api.request('PATCH', path`/v1/products/${id}`, given({ name: options.name, addModules: options.addModule })));
    });

  products
    .command('delete <productId>')
    .description('delete a product no solution uses')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      await ctx.api.request('DELETE', path`/v1/products/${id}`);
      printDone(ctx.out, `Deleted product ${id}.`);
    });
}
