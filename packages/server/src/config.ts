import { resolve } from 'node:path';

/** Everything the server reads from its environment, with the defaults of SPEC section 1. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  vendorPublicKeys: string | undefined;
  /** `SMTP_URL`: `smtp://` or `smtps://`, user and password in the URL; unset writes mail to `<data dir>/outbox/`. */
  smtpUrl: string | undefined;
  /** `ALLOT_PUBLIC_URL`: the console's address as people reach it, for links in e-mails. */
  publicUrl: string;
  /** `ALLOT_MAIL_FROM`: the sender of e-mails. */
  mailFrom: string;
  licenseFileKey: string | undefined;
  logLevel: string;
  /** Mark the console cookie `Secure` (set when served behind HTTPS). */
  secureCookies: boolean;
}

const flagNames: Record<string, string> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--data-dir': 'ALLOT_DATA_DIR',
  '--database-url': 'DATABASE_URL',
  '--admin-token': 'ALLOT_ADMIN_TOKEN',
  '--vendor-public-key': 'ALLOT_VENDOR_PUBLIC_KEY',
  '--smtp-url': 'SMTP_URL',
  '--public-url': 'ALLOT_PUBLIC_URL',
  '--mail-from': 'ALLOT_MAIL_FROM',
  '--log-level': 'LOG_LEVEL',
};

/** Reads `--flag value` or `--flag=value` pairs; a flag wins over the environment. */
export function flagsToEnv(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.split(/=(.*)/s, 2);
    const name = flagNames[flag];
    if (name === undefined) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    out[name] = value;
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): Config {
  const merged = { ...env, ...flagsToEnv(argv) };
  const port = Number(merged.PORT ?? 4400);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${merged.PORT}`);
  const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const smtpUrl = blank(merged.SMTP_URL);
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl)) throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
  const publicUrl = blank(merged.ALLOT_PUBLIC_URL) ?? 'http://127.0.0.1:4400';
  if (!/^https?:\/\/[^/]/.test(publicUrl)) throw new Error(`ALLOT_PUBLIC_URL must be an http:// or https:// URL, not ${publicUrl}`);
  return {
    port,
    host: merged.HOST ?? '127.0.0.1',
    dataDir: resolve(merged.ALLOT_DATA_DIR ?? './data'),
    databaseUrl: blank(merged.DATABASE_URL),
    adminToken: blank(merged.ALLOT_ADMIN_TOKEN),
    vendorPublicKeys: blank(merged.ALLOT_VENDOR_PUBLIC_KEY),
    smtpUrl,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    mailFrom: blank(merged.ALLOT_MAIL_FROM) ?? 'Allot <allot@localhost>',
    licenseFileKey: blank(merged.ALLOT_LICENSE_FILE_KEY),
    logLevel: merged.LOG_LEVEL ?? 'info',
    secureCookies: merged.ALLOT_SECURE_COOKIES === 'true',
  };
}
