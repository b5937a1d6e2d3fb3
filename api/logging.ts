// Structured JSON logs (pino). Secrets never reach a log: request bodies and headers are not logged,
// and any field with a secret-sounding name is censored wherever it appears in a record.
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Field names whose values are censored at any depth of a log record. */
export const SECRET_FIELD_NAMES = [
  'password',
  'newPassword',
  'currentPassword',
  'authValue',
  'auth',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'code',
  'otp',
  'totp',
  'secret',
  'recoveryCode',
  'backupCode',
  'privateKey',
  'userKey',
  'key',
  'body',
  'subject',
  'content',
] as const;

const redactPaths = SECRET_FIELD_NAMES.flatMap((name) => [name, `*.${name}`, `*.*.${name}`]);

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'zegel-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/** Errors are logged by name, code and stack; driver messages can quote stored values, so no message. */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const out: Record<string, unknown> = { name: err.name };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack) out.stack = err.stack.split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n');
  return out;
}
