// Zegel started as `npm start` starts it (the built dist/, `tsx api/main.ts`, the embedded engine),
// in a child process on a free port with a temporary DATA_DIR: mail and SMS go to the local outboxes
// there. Plain http on 127.0.0.1 (a secure context for WebCrypto, as https is). Register entries and
// organisations are set up first with the project's own CLIs, which need the engine to themselves.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
const READY_TIMEOUT_MS = 90_000;

export interface RegisterEntry {
  number: string;
  kind: 'lawyer' | 'bailiff';
  name: string;
  email: string;
}

export interface ZegelServer {
  origin: string;
  dataDir: string;
  /** Where the server's log goes (for reading after a failure; it never holds codes or keys). */
  logFile: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function baseEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  // npm test runs Jest with NODE_ENV=test; the app runs as `npm start` runs it, in development.
  const { NODE_ENV: _ignored, ARGON2_PROFILE: _alsoIgnored, ...env } = process.env;
  return {
    ...env,
    NODE_ENV: 'development',
    HTTPS: 'off',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
}

function runCli(what: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): void {
  const result = spawnSync(TSX, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  fs.appendFileSync(logFile, `\n$ ${what}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}); see ${logFile}`);
}

async function waitUntilReady(origin: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${origin}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

export async function startZegel(options: { name: string; register?: RegisterEntry[] }): Promise<ZegelServer> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'taskpane.html'))) throw new Error('dist/ is not built: npm test builds it before Jest (or run npm run build)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zegel-browser-${options.name}-`));
  const port = await freePort();
  const env = baseEnv(dataDir, port);
  const logDir = path.join(RESULTS_DIR, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  fs.writeFileSync(logFile, '');

  if (options.register?.length) {
    const csv = ['number,kind,name,email', ...options.register.map((e) => [e.number, e.kind, `"${e.name.replace(/"/g, '""')}"`, e.email].join(','))].join('\n');
    const file = path.join(dataDir, 'register.csv');
    fs.writeFileSync(file, `${csv}\n`);
    runCli('npm run register:import', [path.join(ROOT, 'api/register/import-cli.ts'), file], env, logFile);
  }

  const log = fs.openSync(logFile, 'a');
  const child = spawn(TSX, [path.join(ROOT, 'api/main.ts')], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(origin, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    fs.closeSync(log);
    throw err;
  }
  return {
    origin,
    dataDir,
    logFile,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      fs.closeSync(log);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
