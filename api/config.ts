// Server configuration, read once from the environment and validated at start. A bad value stops the
// server with a message that names the variable; nothing secret is ever echoed back.
import path from 'node:path';

export type HttpsMode = 'off' | 'dev' | 'files';
export type SendMode = 'SoftBlock' | 'Block';

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** The https origin Outlook loads the add-in from; also the only origin CORS allows. */
  publicBaseUrl: URL;
  https: { mode: HttpsMode; certFile?: string; keyFile?: string };
  mongodbUri: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  jsonBodyLimitBytes: number;
  /** How many reverse proxies in front of the API may set X-Forwarded-For; 0 trusts none. */
  trustProxyHops: number;
  shutdownGraceMs: number;
  distDir: string;
  mail: {
    /** smtp:// or smtps:// URL; unset writes mail to the local outbox instead. */
    smtpUrl: string | undefined;
    from: string;
    outboxDir: string;
  };
  secrets: {
    /** PKCS#8 PEM of the Ed25519 key that signs access tokens; made per process outside production. */
    signingKeyPem: string | undefined;
    /** ≥32 random bytes for keyed hashes (pre-login fakes); made per process outside production. */
    serverSecret: Buffer | undefined;
    /** PKCS#8 PEM of the Ed25519 key that signs receipts; outside production kept in DATA_DIR/secrets. */
    receiptSigningKeyPem: string | undefined;
    /** Earlier receipt public keys as a JWKS JSON, still published so old receipts verify. */
    receiptPreviousJwks: Record<string, unknown>[];
  };
  messages: {
    maxChunkBytes: number;
    maxMessageBytes: number;
  };
  twoFactor: {
    /** 32-byte key that encrypts TOTP secrets at rest; outside production kept in DATA_DIR/secrets. */
    totpKey: Buffer | undefined;
    /** HTTP SMS gateway (JSON POST); unset writes SMS to a local outbox. */
    smsGatewayUrl: string | undefined;
    smsGatewayToken: string | undefined;
    smsOutboxDir: string;
    /** The "L3 profile": no SMS at all (ASVS 6.6.1). */
    smsDisabled: boolean;
  };
  /** Server-side Argon2id cost for auth-value verifiers; 'test' is cheaper and allowed only in tests. */
  argon2Profile: 'production' | 'test';
  register: {
    /** KBvG numbers' format is not published with certainty, so it is configured. */
    kbvgNumberPattern: RegExp;
    invitationTtlHours: number;
  };
}

export class ConfigError extends Error {
  readonly variables: readonly string[];
  constructor(problems: readonly { variable: string; problem: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.variables = problems.map((p) => p.variable);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;
const HTTPS_MODES = ['off', 'dev', 'files'] as const;

function readSmtpUrl(value: string | undefined, problems: { variable: string; problem: string }[]): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'smtp:' || url.protocol === 'smtps:') return value;
  } catch {
    // reported below
  }
  problems.push({ variable: 'SMTP_URL', problem: 'must be an smtp:// or smtps:// URL' });
  return undefined;
}

function readJwks(value: string | undefined, problems: { variable: string; problem: string }[]): Record<string, unknown>[] {
  if (value === undefined) return [];
  try {
    const parsed = JSON.parse(value) as { keys?: unknown };
    if (Array.isArray(parsed.keys) && parsed.keys.every((k) => typeof k === 'object' && k !== null && !('d' in k))) return parsed.keys as Record<string, unknown>[];
  } catch {
    // reported below
  }
  problems.push({ variable: 'RECEIPT_PREVIOUS_JWKS', problem: 'must be a JWKS JSON ({"keys":[…]}) of public keys only' });
  return [];
}

function readPem(value: string | undefined, problems: { variable: string; problem: string }[], name = 'SIGNING_KEY_PEM'): string | undefined {
  if (value === undefined) return undefined;
  const pem = value.replace(/\\n/g, '\n');
  if (!/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\s*$/.test(pem)) {
    problems.push({ variable: name, problem: 'must be a PKCS#8 PEM private key (Ed25519)' });
    return undefined;
  }
  return pem;
}

function readKey(name: string, value: string | undefined, problems: { variable: string; problem: string }[]): Buffer | undefined {
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 32) {
    problems.push({ variable: name, problem: 'must be exactly 32 random bytes, base64-encoded' });
    return undefined;
  }
  return bytes;
}

function readHttpUrl(name: string, value: string | undefined, problems: { variable: string; problem: string }[]): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value;
  } catch {
    // reported below
  }
  problems.push({ variable: name, problem: 'must be an http(s) URL' });
  return undefined;
}

function readSecret(value: string | undefined, problems: { variable: string; problem: string }[]): Buffer | undefined {
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < 32) {
    problems.push({ variable: 'SERVER_SECRET', problem: 'must be at least 32 random bytes, base64-encoded' });
    return undefined;
  }
  return bytes;
}

function readPattern(name: string, value: string, problems: { variable: string; problem: string }[]): RegExp {
  try {
    // Anchored at both ends whatever the variable says, so a pattern can never match part of a value.
    return new RegExp(`^(?:${value.replace(/^\^/, '').replace(/\$$/, '')})$`, 'u');
  } catch {
    problems.push({ variable: name, problem: 'must be a valid regular expression' });
    return /^$/u;
  }
}

export function loadConfig(env: Env = process.env, projectRoot: string = process.cwd()): Config {
  const problems: { variable: string; problem: string }[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = read(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push({ variable: name, problem: `must be one of ${allowed.join(', ')}` });
    return fallback;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push({ variable: name, problem: `must be a whole number from ${min} to ${max}` });
      return fallback;
    }
    return Number(value);
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const port = integer('PORT', 3000, 0, 65535);
  const host = read('HOST') ?? '127.0.0.1';

  const httpsMode = oneOf('HTTPS', HTTPS_MODES, 'off');
  const certFile = read('TLS_CERT_FILE');
  const keyFile = read('TLS_KEY_FILE');
  if (httpsMode === 'files') {
    if (!certFile) problems.push({ variable: 'TLS_CERT_FILE', problem: 'is required when HTTPS=files' });
    if (!keyFile) problems.push({ variable: 'TLS_KEY_FILE', problem: 'is required when HTTPS=files' });
  }

  const defaultBase = `${httpsMode === 'off' ? 'http' : 'https'}://localhost:${port}`;
  let publicBaseUrl = new URL(defaultBase);
  const rawBase = read('PUBLIC_BASE_URL');
  if (rawBase !== undefined) {
    try {
      const parsed = new URL(rawBase);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
      if (parsed.pathname !== '/' || parsed.search || parsed.hash) throw new Error('path');
      if (nodeEnv === 'production' && parsed.protocol !== 'https:') {
        problems.push({ variable: 'PUBLIC_BASE_URL', problem: 'must be https in production (Outlook loads add-ins only over https)' });
      }
      publicBaseUrl = parsed;
    } catch {
      problems.push({ variable: 'PUBLIC_BASE_URL', problem: 'must be an origin such as https://zegel.example.nl (no path)' });
    }
  }

  const mongodbUri = read('MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    problems.push({ variable: 'MONGODB_URI', problem: 'must start with mongodb:// or mongodb+srv://' });
  }
  if (nodeEnv === 'production' && mongodbUri === undefined) {
    problems.push({ variable: 'MONGODB_URI', problem: 'is required in production (the embedded engine is for development and tests)' });
  }

  const config: Config = {
    nodeEnv,
    host,
    port,
    publicBaseUrl,
    https: { mode: httpsMode, ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) },
    mongodbUri,
    dataDir: path.resolve(projectRoot, read('DATA_DIR') ?? '.data'),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    jsonBodyLimitBytes: integer('JSON_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    trustProxyHops: integer('TRUST_PROXY_HOPS', 0, 0, 10),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 120_000),
    distDir: path.resolve(projectRoot, read('DIST_DIR') ?? 'dist'),
    mail: {
      smtpUrl: readSmtpUrl(read('SMTP_URL'), problems),
      from: read('MAIL_FROM') ?? 'Zegel <no-reply@zegel.localhost>',
      outboxDir: path.resolve(projectRoot, read('MAIL_OUTBOX_DIR') ?? path.join(read('DATA_DIR') ?? '.data', 'outbox')),
    },
    secrets: {
      signingKeyPem: readPem(read('SIGNING_KEY_PEM'), problems),
      serverSecret: readSecret(read('SERVER_SECRET'), problems),
      receiptSigningKeyPem: readPem(read('RECEIPT_SIGNING_KEY_PEM'), problems, 'RECEIPT_SIGNING_KEY_PEM'),
      receiptPreviousJwks: readJwks(read('RECEIPT_PREVIOUS_JWKS'), problems),
    },
    messages: {
      maxChunkBytes: integer('MESSAGE_MAX_CHUNK_BYTES', 8 * 1024 * 1024 + 64 * 1024, 64 * 1024, 15 * 1024 * 1024),
      maxMessageBytes: integer('MESSAGE_MAX_BYTES', 2 * 1024 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024 * 1024),
    },
    twoFactor: {
      totpKey: readKey('TOTP_ENCRYPTION_KEY', read('TOTP_ENCRYPTION_KEY'), problems),
      smsGatewayUrl: readHttpUrl('SMS_GATEWAY_URL', read('SMS_GATEWAY_URL'), problems),
      smsGatewayToken: read('SMS_GATEWAY_TOKEN'),
      smsOutboxDir: path.resolve(projectRoot, read('SMS_OUTBOX_DIR') ?? path.join(read('DATA_DIR') ?? '.data', 'sms-outbox')),
      smsDisabled: oneOf('SMS_DISABLED', ['true', 'false'] as const, 'false') === 'true',
    },
    argon2Profile: oneOf('ARGON2_PROFILE', ['production', 'test'] as const, 'production'),
    register: {
      kbvgNumberPattern: readPattern('KBVG_NUMBER_PATTERN', read('KBVG_NUMBER_PATTERN') ?? '^[0-9]{3,6}$', problems),
      invitationTtlHours: integer('INVITATION_TTL_HOURS', 14 * 24, 1, 90 * 24),
    },
  };
  if (config.twoFactor.smsGatewayUrl && !config.twoFactor.smsGatewayToken) {
    problems.push({ variable: 'SMS_GATEWAY_TOKEN', problem: 'is required when SMS_GATEWAY_URL is set' });
  }
  if (config.argon2Profile === 'test' && nodeEnv !== 'test') {
    problems.push({ variable: 'ARGON2_PROFILE', problem: 'test is allowed only with NODE_ENV=test' });
  }
  if (nodeEnv === 'production') {
    if (!config.secrets.signingKeyPem) problems.push({ variable: 'SIGNING_KEY_PEM', problem: 'is required in production' });
    if (!config.secrets.serverSecret) problems.push({ variable: 'SERVER_SECRET', problem: 'is required in production' });
    if (!config.secrets.receiptSigningKeyPem) problems.push({ variable: 'RECEIPT_SIGNING_KEY_PEM', problem: 'is required in production' });
    if (!config.twoFactor.totpKey) problems.push({ variable: 'TOTP_ENCRYPTION_KEY', problem: 'is required in production' });
    if (!config.twoFactor.smsGatewayUrl && !config.twoFactor.smsDisabled) problems.push({ variable: 'SMS_GATEWAY_URL', problem: 'is required in production unless SMS_DISABLED=true' });
    if (!config.mail.smtpUrl) problems.push({ variable: 'SMTP_URL', problem: 'is required in production (the local outbox is for development)' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
