import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultConnectionLimits, type ConnectionLimits } from './http/connections.js';
import { StartupError } from './startup-error.js';

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
  /** Mark the console cookie `Secure` (set when served behind HTTPS); also turns on HSTS. */
  secureCookies: boolean;
  /** `ALLOT_SECRET_KEY`: base64 of 32 bytes sealing private keys; unset means `secret.key` in the data dir. */
  secretKey: string | undefined;
  /** `ALLOT_PREVIOUS_SECRET_KEY`: the secret key before a rotation, to seal the keys again under the new one. */
  previousSecretKey: string | undefined;
  /** `ALLOT_VENDOR_PRIVATE_KEY`: the vendor's Ed25519 private key (PEM, or `@path` of a PEM file). */
  vendorPrivateKey: string | undefined;
  /** `ALLOT_IDLE_TIMEOUT`, `ALLOT_REQUEST_TIMEOUT`, `ALLOT_MAX_CONNECTIONS(_PER_ADDRESS)`. */
  connections: ConnectionLimits;
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
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`PORT must be a port number, not ${merged.PORT}`);
  const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const number = (name: string, fallback: number, valid: (n: number) => boolean, what: string): number => {
    const text = blank(merged[name]);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || !valid(value)) throw new StartupError(`${name} must be ${what}, not ${text}`);
    return value;
  };
  const seconds = (name: string, fallbackMs: number) => Math.round(1000 * number(name, fallbackMs / 1000, (n) => n > 0 && n <= 3600, 'a number of seconds above 0 and at most 3600'));
  const idleTimeoutMs = seconds('ALLOT_IDLE_TIMEOUT', defaultConnectionLimits.idleTimeoutMs);
  const requestTimeoutMs = seconds('ALLOT_REQUEST_TIMEOUT', Math.max(defaultConnectionLimits.requestTimeoutMs, idleTimeoutMs));
  if (requestTimeoutMs < idleTimeoutMs) throw new StartupError('ALLOT_REQUEST_TIMEOUT must be at least ALLOT_IDLE_TIMEOUT: the request time includes the time its headers take.');
  const smtpUrl = blank(merged.SMTP_URL);
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl)) throw new StartupError('SMTP_URL must be an smtp:// or smtps:// URL');
  const publicUrl = blank(merged.ALLOT_PUBLIC_URL) ?? 'http://127.0.0.1:4400';
  if (!/^https?:\/\/[^/]/.test(publicUrl)) throw new StartupError(`ALLOT_PUBLIC_URL must be an http:// or https:// URL, not ${publicUrl}`);
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
    secretKey: blank(merged.ALLOT_SECRET_KEY),
    previousSecretKey: blank(merged.ALLOT_PREVIOUS_SECRET_KEY),
    vendorPrivateKey: blank(merged.ALLOT_VENDOR_PRIVATE_KEY),
    connections: {
      idleTimeoutMs,
      requestTimeoutMs,
      perAddress: number('ALLOT_MAX_CONNECTIONS_PER_ADDRESS', defaultConnectionLimits.perAddress, (n) => Number.isInteger(n) && n >= 0, 'a whole number (0 for no cap)'),
      total: number('ALLOT_MAX_CONNECTIONS', defaultConnectionLimits.total, (n) => Number.isInteger(n) && n >= 1, 'a whole number above 0'),
    },
  };
}

/** `ALLOT_VENDOR_PRIVATE_KEY`: an Ed25519 private key as PEM, or `@path` of a file holding one. */
export function vendorKeyFrom(setting: string): KeyObject {
  let pem = setting;
  if (setting.startsWith('@')) {
    try {
      pem = readFileSync(setting.slice(1), 'utf8');
    } catch (error) {
      throw new StartupError(`ALLOT_VENDOR_PRIVATE_KEY names the file ${setting.slice(1)}, which cannot be read: ${(error as Error).message}`);
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem.replaceAll('\\n', '\n'));
  } catch {
    throw new StartupError('ALLOT_VENDOR_PRIVATE_KEY must be a PEM private key (-----BEGIN PRIVATE KEY-----), or @ and the path of a file holding one.');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new StartupError(`ALLOT_VENDOR_PRIVATE_KEY must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'an unknown kind'}.`);
  return key;
}
