import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, Logger } from 'pino';

/**
 * A request's logger that makes pino's child (bound to the request id) on its first line written.
 * At the levels a busy server runs at, most requests write none, and making a child costs more
 * than the rest of a cached access check's bookkeeping.
 */
class RequestLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}

  private logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  private write(level: Level, args: unknown[]): void {
    if (this.made === undefined && !this.parent.isLevelEnabled(level)) return;
    const logger = this.logger();
    (logger[level] as (...args: unknown[]) => void).apply(logger, args);
  }

  get level(): LevelWithSilentOrString {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.logger().level = level;
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }
}

/**
 * Fastify's child logger factory for an app whose log lines go to `logger`: each request's logger,
 * made lazily (see `RequestLogger`). Fastify's own parent logger is not used: the app gives Fastify
 * none (see `AnswerLog`). A route with its own log level or serializers gets pino's child at once,
 * as Fastify would make it.
 */
export function requestLoggers(logger: Logger): NonNullable<FastifyServerOptions['childLoggerFactory']> {
  return (_fastifyLogger, bindings, options) => {
    if (options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
    return new RequestLogger(logger, bindings);
  };
}
