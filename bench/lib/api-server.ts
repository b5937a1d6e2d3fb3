// The API as `npm start` runs it (`node --import tsx api/main.ts`), on the embedded engine in a fresh
// temporary folder, over plain http on 127.0.0.1 with an ephemeral port; mail goes to the local
// outbox, which the onboarding helpers read. Like test/api/messages/large-upload.test.ts, it runs
// with NODE_ENV=test and ARGON2_PROFILE=test so onboarding is quick (figure 6 measures the
// production Argon2id cost separately).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { ApiTarget } from '../../test/helpers/api';
import type { OutboxMessage } from '../../api/mail/outbox';
import { captureOutput, spawnTracked, stopChild } from './processes';
import { sleep } from './timing';

const root = path.resolve(__dirname, '../..');

export interface ApiServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The origin receipts name as issuer (PUBLIC_BASE_URL). */
  issuer: string;
  pid: number;
  child: ChildProcess;
  /** For the test helpers (onboard, sendSecure): requests go to `url`, mail is read from the outbox. */
  target: ApiTarget;
  output(): string;
  stop(): Promise<void>;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** Starts a script of this project the way the API is started, with `env` on top of ours. */
export function spawnTsx(script: string, env: Record<string, string>): ChildProcess {
  return spawnTracked(process.execPath, ['--import', 'tsx', path.join(root, script)], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * `script`: what to start instead of api/main.ts (a wrapper that starts it, e.g. bench/load-api.ts);
 * `env`: settings on top of the bench's (e.g. DIST_DIR, the add-in build the API serves).
 */
export async function startApiServer(options: { script?: string; env?: Record<string, string> } = {}): Promise<ApiServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-bench-api-'));
  const issuer = 'http://localhost';
  const child = spawnTsx(options.script ?? 'api/main.ts', {
    NODE_ENV: 'test',
    ARGON2_PROFILE: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    HTTPS: 'off',
    DATA_DIR: dir,
    MONGODB_URI: '',
    PUBLIC_BASE_URL: issuer,
    ...options.env,
  });
  const output = captureOutput(child);
  try {
    await waitUntil(() => output.text().includes('"msg":"listening"') || child.exitCode !== null, 90_000, 'the API start');
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${output.text().slice(-2000)}`);
  } catch (error) {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = /"url":"https?:\/\/[^":]+:(\d+)"/.exec(output.text())?.[1];
  if (!port) throw new Error('the API did not say where it listens');
  const url = `http://127.0.0.1:${port}`;
  const outbox = path.join(dir, 'outbox');
  return {
    url,
    issuer,
    pid: child.pid ?? 0,
    child,
    output: () => output.text(),
    target: {
      app: url,
      mailTo(address) {
        const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.json')).sort() : [];
        return Promise.resolve(files.map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as OutboxMessage).filter((m) => m.to === address));
      },
    },
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
