import type { LoggerService } from '@nestjs/common';
import pino, { type Logger, type LevelWithSilent } from 'pino';

/** Paths pino blanks out, as a second line of defence: nothing should log them at all. */
const REDACTED_PATHS = [
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'headers.Authorization',
  'headers.Cookie',
  '*.headers.Authorization',
  '*.headers.Cookie',
  '*.*.headers.authorization',
  '*.*.headers.cookie',
  'apiKey',
  'api_key',
  '*.apiKey',
  'secret',
  'secrets',
  '*.secrets',
];

/** V8's JSON.parse messages quote the text they failed on, which may be a request body. */
const QUOTES_ITS_INPUT = /is not valid JSON|in JSON at position/;

/**
 * Serialises errors as pino does (causes included), minus the input a JSON parse error would
 * echo, wherever in the chain of causes it appears.
 */
function serializeError(error: Error): pino.SerializedError {
  const serialized = pino.stdSerializers.err(error);
  if (QUOTES_ITS_INPUT.test(serialized.message) || QUOTES_ITS_INPUT.test(serialized.stack)) {
    const withheld = 'JSON parse error (text withheld: it may quote a request body)';
    serialized.message = withheld;
    serialized.stack = `${error.name}: ${withheld}`;
  }
  return serialized;
}

/** Creates the process-wide pino logger: one JSON line per event. */
export function createPinoLogger(
  level: LevelWithSilent,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/**
 * Nest's LoggerService on top of pino, so that Nest's own messages and every class's
 * `new Logger(Class.name)` write the same structured lines with the class as `context`.
 */
export class PinoLoggerService implements LoggerService {
  public constructor(private readonly logger: Logger) {}

  public log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  public error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  public warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  public debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  public verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  public fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) {
      return;
    }
    const args = [...rest];
    const context = typeof args.at(-1) === 'string' ? (args.pop() as string) : undefined;
    const stack = typeof args[0] === 'string' ? (args.shift() as string) : undefined;

    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message, stack });
    } else {
      this.logger[level]({ context, stack }, String(message));
    }
  }
}
