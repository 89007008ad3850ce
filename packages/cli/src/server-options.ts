import type { Command } from 'commander';
import type { Config } from '@allot/server';

/** The flags of the server's configuration (each also an environment variable; see the README). */
const serverFlags: [string, string][] = [
  ['--port <port>', 'PORT, default 4400'],
  ['--host <host>', 'HOST, default 127.0.0.1'],
  ['--data-dir <dir>', 'ALLOT_DATA_DIR, default ./data'],
  ['--database-url <url>', 'DATABASE_URL: PostgreSQL instead of SQLite in the data dir'],
  ['--admin-token <token>', 'ALLOT_ADMIN_TOKEN'],
  ['--vendor-public-key <pem>', 'ALLOT_VENDOR_PUBLIC_KEY'],
  ['--smtp-url <url>', 'SMTP_URL'],
  ['--public-url <url>', 'ALLOT_PUBLIC_URL'],
  ['--mail-from <address>', 'ALLOT_MAIL_FROM'],
  ['--log-level <level>', 'LOG_LEVEL, default info'],
];

/** Declares the server's configuration flags on a command (serve, migrate, backup …). */
export function withServerOptions(command: Command, only?: readonly string[]): Command {
  for (const [flags, description] of serverFlags) if (only === undefined || only.some((name) => flags.startsWith(name))) command.option(flags, description);
  return command;
}

/**
 * The server's configuration from the environment and the flags given to `command`. The server's
 * modules load here, on first use, so that the admin commands start without them.
 */
export async function configOf(command: Command): Promise<Config> {
  const { loadConfig } = await import('@allot/server');
  const flags = command.options.flatMap((option) => {
    const value: unknown = command.getOptionValue(option.attributeName());
    return option.long !== undefined && typeof value === 'string' ? [`${option.long}=${value}`] : [];
  });
  return loadConfig(process.env, flags);
}
