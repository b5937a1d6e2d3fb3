// The API as `npm start` runs it (`node --import tsx api/main.ts`), as a child process the fault tests
// can SIGKILL and start again on the same port, data folder and secrets; plain http on 127.0.0.1,
// mail in the local outbox under the data folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { ApiTarget } from '../helpers/api';
import type { OutboxMessage } from '../../api/mail/outbox';
import { waitFor } from '../api/db/helpers';

const root = path.resolve(__dirname, '../..');
/** The issuer receipts name (PUBLIC_BASE_URL). */
export const ISSUER = 'http://localhost';

/** A port nothing listens on right now, to give both runs of the API the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Secrets fixed across restarts, as production sets them: tokens issued before a crash stay valid after it. */
export function stableSecrets(): Record<string, string> {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    SIGNING_KEY_PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    SERVER_SECRET: crypto.randomBytes(32).toString('base64'),
  };
}

export interface ApiProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** For the client helpers: requests go to `url`, mail is read from the outbox. */
  readonly target: ApiTarget;
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Graceful stop (SIGTERM; SIGKILL after 20 s). */
  stop(): Promise<void>;
}

export interface StartApiOptions {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
}

export function outboxTarget(url: string, dataDir: string): ApiTarget {
  const outbox = path.join(dataDir, 'outbox');
  return {
    app: url,
    mailTo(address) {
      const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.json')).sort() : [];
      return Promise.resolve(files.map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as OutboxMessage).filter((m) => m.to === address));
    },
  };
}

export async function startApiProcess(options: StartApiOptions): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'api/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      ARGON2_PROFILE: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      HTTPS: 'off',
      DATA_DIR: options.dataDir,
      MONGODB_URI: '',
      PUBLIC_BASE_URL: ISSUER,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const keep = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    if (text.length > 512 * 1024) text = text.slice(-256 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${options.port}`;
  const api: ApiProcess = {
    url,
    child,
    target: outboxTarget(url, options.dataDir),
    output: () => text,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(() => text.includes('"msg":"listening"') || child.exitCode !== null, 90_000, 50);
  } catch (error) {
    await api.stop();
    throw error;
  }
  if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${text.slice(-2000)}`);
  return api;
}
