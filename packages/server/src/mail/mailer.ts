import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';

/** A file sent with a message (an invoice's PDF). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One message to one person. */
export interface MailMessage {
  /** Unique per delivery: the file name of a written message, and its Message-ID, so that a message sent twice is recognisably one. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[] | undefined;
}

/** Sends mail; rejects when the message was not accepted (an SMTP error, a refused connection, a full disk). */
export interface Mailer {
  /** Where mail goes, for the start-up log: the SMTP server, or the outbox directory. Never the password. */
  readonly target: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Seconds a mail server gets to accept a connection, greet, and answer each command. Together they
 * stay well inside core's `deliveryLeaseSeconds`, so that no other node sends a message while this
 * one may still be sending it.
 */
export const smtpTimeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

function envelope(message: MailMessage) {
  const domain = message.from.replace(/^.*@/, '').replace(/>.*$/, '') || 'allot.local';
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@${domain}>`,
    ...(message.attachments !== undefined && message.attachments.length > 0 && { attachments: message.attachments }),
  };
}

/** nodemailer's transport for `options`, loaded on the first message: most servers send none for hours. */
function lazyTransport(options: Parameters<typeof import('nodemailer').createTransport>[0]) {
  let made: Promise<Transporter> | undefined;
  return {
    get: () => (made ??= import('nodemailer').then(({ createTransport }) => createTransport(options))),
    close: () => void made?.then((transport) => transport.close()),
  };
}

/**
 * The mail transport of `SMTP_URL` (`smtp://user:password@host:port` or `smtps://…`), through
 * nodemailer: a real SMTP client, never one written here. Without a URL, each message is written
 * as `<data dir>/outbox/<id>.eml` (the raw message nodemailer builds); a message sent again
 * replaces its file.
 */
export function createMailer(options: { smtpUrl: string | undefined; dataDir: string }): Mailer {
  if (options.smtpUrl !== undefined) {
    const url = new URL(options.smtpUrl);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must be an smtp:// or smtps:// URL, not ${url.protocol}//…`);
    const transport = lazyTransport({ url: options.smtpUrl, ...smtpTimeouts });
    return {
      target: `${url.protocol}//${url.host}`,
      send: async (message) => void (await (await transport.get()).sendMail(envelope(message))),
      close: () => transport.close(),
    };
  }
  const outbox = join(options.dataDir, 'outbox');
  const transport = lazyTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    target: outbox,
    send: async (message) => {
      const info = await (await transport.get()).sendMail(envelope(message));
      mkdirSync(outbox, { recursive: true });
      // Written whole, then renamed: a reader of the directory never sees half a message.
      const path = join(outbox, `${message.id}.eml`);
      writeFileSync(`${path}.tmp`, info.message as Buffer);
      renameSync(`${path}.tmp`, path);
    },
    close: () => transport.close(),
  };
}
