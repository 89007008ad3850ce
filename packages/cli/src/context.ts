import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Api } from './api.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

/** The options every admin command takes, from the command line or the environment. */
interface Globals {
  url?: string;
  apiKey?: string;
  tenant?: string;
  json?: boolean;
}

/** Declares the options shared by every admin command on the program. */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(new Option('--url <url>', 'the Allot server, e.g. http://127.0.0.1:4400').env('ALLOT_URL'))
    .addOption(new Option('--api-key <key>', 'an Allot API key').env('ALLOT_API_KEY'))
    .addOption(new Option('--tenant <id>', 'the tenant the command works in (ten_…)').env('ALLOT_TENANT'))
    .option('--json', "print the API's JSON instead of a table");
}

/** What an admin command needs: the API, its tenant, and how to print. */
export class CommandContext {
  constructor(private readonly globals: Globals) {}

  get out(): Output {
    return { json: this.globals.json === true };
  }

  get api(): Api {
    const { url, apiKey } = this.globals;
    if (url === undefined || url === '') throw new UsageError('Name the server: --url <url> or ALLOT_URL.');
    if (apiKey === undefined || apiKey === '') throw new UsageError('Give an API key: --api-key <key> or ALLOT_API_KEY.');
    return new Api({ url, apiKey });
  }

  get tenant(): string {
    const { tenant } = this.globals;
    if (tenant === undefined || tenant === '') throw new UsageError('Name the tenant: --tenant <id> or ALLOT_TENANT.');
    return tenant;
  }
}

/** The context of the command an action runs for (commander passes it last). */
export function contextOf(command: Command): CommandContext {
  return new CommandContext(command.optsWithGlobals<Globals>());
}

/** A commander value parser for a whole number within bounds (a usage error otherwise). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Not a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** A commander value parser that gathers a repeated option into a list. */
export function collect(value: string, before: string[] | undefined): string[] {
  return [...(before ?? []), value];
}

/** A commander value parser for a JSON object (the extra fields of a body). */
export function jsonObject(value: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new InvalidArgumentError('Not a JSON object.');
}

/** The fields of `options` that were given, under their body names: `{ name: options.name, ... }` minus the undefined. */
export function given(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The text of a file the command line names; one that cannot be read is a usage error. */
export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
