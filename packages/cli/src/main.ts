#!/usr/bin/env node
import { AllotApiError } from './api.js';
import { Command, CommanderError } from 'commander';
import { backupCommands } from './commands/backup.js';
import { borrowsCommand } from './commands/borrows.js';
import { groupsCommand } from './commands/groups.js';
import { keysCommand } from './commands/keys.js';
import { licenseFileCommand } from './commands/license-file.js';
import { licensesCommand } from './commands/licenses.js';
import { logsCommand } from './commands/logs.js';
import { productsCommand } from './commands/products.js';
import { seatCommands } from './commands/seats.js';
import { serverCommands } from './commands/server.js';
import { sessionsCommand } from './commands/sessions.js';
import { tenantsCommand } from './commands/tenants.js';
import { usageCommand } from './commands/usage.js';
import { usersCommand } from './commands/users.js';
import { webhooksCommand } from './commands/webhooks.js';
import { addGlobalOptions } from './context.js';
import { UsageError } from './usage-error.js';

/** Exit codes: 0 done, 1 refused (by the API, a check, or the server at start), 2 a command line that cannot run. */
const refused = 1;
const usage = 2;

function program(): Command {
  const allot = new Command('allot')
    .description(
      'Allot: serve the license server, look after its database, and administer it.\n' +
        'Admin commands talk to a running server: ALLOT_URL and ALLOT_API_KEY (or --url, --api-key); most work in a tenant: ALLOT_TENANT (or --tenant).',
    )
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(add --help for usage)')
    // Every parse error ends here (subcommands inherit it), so that a bad command line exits 2.
    .exitOverride();
  addGlobalOptions(allot);
  serverCommands(allot);
  backupCommands(allot);
  tenantsCommand(allot);
  usersCommand(allot);
  groupsCommand(allot);
  productsCommand(allot);
  licensesCommand(allot);
  seatCommands(allot);
  sessionsCommand(allot);
  borrowsCommand(allot);
  keysCommand(allot);
  licenseFileCommand(allot);
  logsCommand(allot);
  usageCommand(allot);
  webhooksCommand(allot);
  return allot;
}

/** Says why the command failed, for a person: the problem's detail and code, never a stack for a known refusal. */
function fail(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : usage;
  if (error instanceof UsageError) {
    process.stderr.write(`allot: ${error.message}\n`);
    return usage;
  }
  if (error instanceof AllotApiError) {
    process.stderr.write(`allot: ${error.message} (${error.code}, HTTP ${error.status})\n`);
    return refused;
  }
  // A refusal to start is for whoever runs the server: its message, without a stack trace.
  if (error instanceof Error && error.name === 'StartupError') {
    process.stderr.write(`allot: ${error.message}\n`);
    return refused;
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    process.stderr.write(`allot: the server cannot be reached: ${String((error.cause as Error | undefined)?.message ?? error.cause)}\n`);
    return refused;
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return refused;
}

// Whatever this process writes (database, keys, backups, license files) is its user's alone.
process.umask(0o077);
program()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exit(fail(error));
  });
