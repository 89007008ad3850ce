import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A message the test mail server accepted. */
export interface Received {
  from: string;
  to: string[];
  /** The message as sent, its quoted-printable parts decoded. */
  raw: string;
  user: string | null;
}

export interface SmtpPeer {
  port: number;
  received: Received[];
  /** Answers the next `n` messages with `code` (e.g. 451: try again later) instead of accepting them. */
  refuseNext(n: number, code: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1, for Allot's mail to go through
 * nodemailer to a real peer: it asks for a user and password, offers no STARTTLS, and keeps what
 * it accepts.
 */
export async function startSmtpPeer(options: { port?: number; user?: string; password?: string } = {}): Promise<SmtpPeer> {
  const received: Received[] = [];
  let refusals: { left: number; code: number } = { left: 0, code: 451 };
  const settings: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: options.user === undefined,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals.left > 0) {
          refusals = { ...refusals, left: refusals.left - 1 };
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: refusals.code });
          return callback(error);
        }
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: readable(Buffer.concat(chunks).toString('utf8')), user: typeof session.user === 'string' ? session.user : null });
        return callback();
      });
    },
  };
  const server = new SMTPServer(settings);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.server.address();
      if (typeof address === 'object' && address !== null) resolve(address.port);
      else reject(new Error('no port'));
    });
  });
  return {
    port,
    received,
    refuseNext: (n, code) => {
      refusals = { left: n, code };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A raw message with its quoted-printable parts decoded (soft line breaks joined, `=XX` turned back
 * into bytes), so that a test reads the text as written. Headers pass unchanged.
 */
export function readable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
