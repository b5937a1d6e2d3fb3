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
  /** Where the browser finds Zegel (PUBLIC_BASE_URL; the server's own address unless given). */
  origin: string;
  /** Where the server listens (plain http on 127.0.0.1); Node-side clients talk to it here. */
  address: string;
  dataDir: string;
  /** Where the server's log goes (for reading after a failure; it never holds codes or keys). */
  logFile: string;
  /** Output of the setup commands, in order. */
  setupOutput: string[];
  /**
   * Stops the server, runs administrator CLIs (`npm run org`, …) that need the engine to themselves,
   * starts it again on the same port and returns each command's output.
   */
  admin(commands: readonly AdminCommand[]): Promise<string[]>;
  stop(): Promise<void>;
}

/** An administrator's command line: the CLI's file under api/ and its arguments. */
export interface AdminCommand {
  cli: string;
  args: string[];
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

function baseEnv(dataDir: string, port: number, publicBaseUrl: string, distDir: string | undefined): NodeJS.ProcessEnv {
  // npm test runs Jest with NODE_ENV=test; the app runs as `npm start` runs it, in development.
  const { NODE_ENV: _ignored, ARGON2_PROFILE: _alsoIgnored, ...env } = process.env;
  return {
    ...env,
    NODE_ENV: 'development',
    HTTPS: 'off',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: publicBaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...(distDir ? { DIST_DIR: distDir } : {}),
  };
}

function runCli(what: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): string {
  const result = spawnSync(TSX, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  fs.appendFileSync(logFile, `\n$ ${what}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}); see ${logFile}`);
  return result.stdout ?? '';
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

export interface ZegelOptions {
  name: string;
  register?: RegisterEntry[];
  /** Administrator CLIs run before the first start (after the register import). */
  setup?: readonly AdminCommand[];
  /** PUBLIC_BASE_URL, when the browser reaches Zegel at another origin (browser.ts, `upstream`). */
  publicBaseUrl?: string;
  /** DIST_DIR: an add-in build other than dist/ (court-build.ts). */
  distDir?: string;
}

export async function startZegel(options: ZegelOptions): Promise<ZegelServer> {
  const distDir = options.distDir ?? path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(distDir, 'taskpane.html'))) throw new Error(`${path.relative(ROOT, distDir)}/ is not built: npm test builds dist/ before Jest (or run npm run build)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zegel-browser-${options.name}-`));
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const origin = options.publicBaseUrl ?? address;
  const env = baseEnv(dataDir, port, origin, options.distDir);
  const logDir = path.join(RESULTS_DIR, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  fs.writeFileSync(logFile, '');
  const runAll = (commands: readonly AdminCommand[]) => commands.map((c) => runCli(`${path.basename(c.cli)} ${c.args.join(' ')}`, [path.join(ROOT, c.cli), ...c.args], env, logFile));

  if (options.register?.length) {
    const csv = ['number,kind,name,email', ...options.register.map((e) => [e.number, e.kind, `"${e.name.replace(/"/g, '""')}"`, e.email].join(','))].join('\n');
    const file = path.join(dataDir, 'register.csv');
    fs.writeFileSync(file, `${csv}\n`);
    runCli('npm run register:import', [path.join(ROOT, 'api/register/import-cli.ts'), file], env, logFile);
  }
  const setupOutput = runAll(options.setup ?? []);

  const log = fs.openSync(logFile, 'a');
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(TSX, [path.join(ROOT, 'api/main.ts')], { cwd: ROOT, env, stdio: ['ignore', log, log] });
    child = started;
    try {
      await waitUntilReady(address, started, logFile);
    } catch (err) {
      started.kill('SIGKILL');
      throw err;
    }
  };
  const halt = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await start();
  } catch (err) {
    fs.closeSync(log);
    throw err;
  }
  return {
    origin,
    address,
    dataDir,
    logFile,
    setupOutput,
    async admin(commands) {
      await halt();
      const outputs = runAll(commands);
      await start();
      return outputs;
    },
    async stop() {
      await halt();
      fs.closeSync(log);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
