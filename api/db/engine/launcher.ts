// Starts the embedded MongoDB engine in a supervised child process and keeps its socket at one stable path across restarts.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  currentPlatform,
  engineSupport,
  preparedLoader,
  unsupportedEngineMessage,
  type EngineSupport,
  type PlatformDescription,
} from './platform.cjs';

// __dirname rather than import.meta: tsx runs this file as CommonJS and ts-jest compiles it to
// CommonJS, where import.meta does not exist.
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const ENGINE_SCRIPT = path.join(__dirname, 'engine-process.cjs');
const PREPARE_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'prepare-engine.mjs');
const PREPARE_TIMEOUT_MS = 10 * 60 * 1000;
const STOP_GRACE_MS = 15_000;

export interface EngineLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() or restart() asked for it; false for a crash or kill. */
  expected: boolean;
}

export interface EngineReady {
  pid: number;
  /** Restarts since start (planned and unplanned). */
  restarts: number;
}

export interface SupervisorOptions {
  /** Consecutive failed or short-lived runs tolerated before giving up. Default 5. */
  maxRestarts?: number;
  /** Delay before the first restart; doubles per consecutive attempt. Default 200 ms. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A run this long resets the attempt count. Default 60 s. */
  stableAfterMs?: number;
}

export interface StartEmbeddedEngineOptions {
  dataDir: string;
  logger?: EngineLogger;
  supervisor?: SupervisorOptions;
  /** How long one engine start may take before it counts as failed. Default 60 s. */
  startTimeoutMs?: number;
}

export type EngineState = 'starting' | 'running' | 'waiting-to-restart' | 'stopping' | 'stopped' | 'failed';

export interface EmbeddedEngine {
  readonly dataDir: string;
  /** Stable for the handle's lifetime: a symlink re-pointed at each run's own socket. */
  readonly socketPath: string;
  /** Driver address of socketPath. */
  readonly uri: string;
  readonly state: EngineState;
  /** Current child process id, undefined while no engine runs. */
  readonly pid: number | undefined;
  readonly restarts: number;
  onExit(listener: (exit: EngineExit) => void): () => void;
  onReady(listener: (ready: EngineReady) => void): () => void;
  /** The supervisor stopped trying; the engine stays down until restart() is called. */
  onGiveUp(listener: (error: Error) => void): () => void;
  /** Resolves once an engine is running (immediately if one is). */
  whenReady(timeoutMs?: number): Promise<void>;
  /** Graceful stop followed by a fresh start on the same data directory. */
  restart(): Promise<void>;
  /** Graceful stop (the engine flushes and closes); no restart follows. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; the supervisor restarts the engine. For tests. */
  kill(): void;
}

/** The platform cannot run the embedded engine; the message says how to use MONGODB_URI instead. */
export class EmbeddedEngineUnavailableError extends Error {
  override name = 'EmbeddedEngineUnavailableError';
}

/** The engine process ran but could not open the data directory (e.g. another engine holds it). */
export class EmbeddedEngineStartError extends Error {
  override name = 'EmbeddedEngineStartError';
}

export interface EngineCommand {
  command: string;
  /** Arguments before the engine script. */
  args: string[];
  /** How it runs, for logs. */
  description: string;
}

/** Pure: how to launch node for an engine support decision (the loader comes from preparedLoader). */
export function engineCommandFor(
  support: EngineSupport,
  loader: { loader: string; libraryPath: string; glibcVersion: string } | undefined,
  nodePath: string = process.execPath,
): EngineCommand {
  if (support.kind === 'unsupported') {
    throw new EmbeddedEngineUnavailableError(unsupportedEngineMessage(support.reason));
  }
  if (support.kind === 'native') return { command: nodePath, args: [], description: 'node' };
  if (!loader) {
    throw new EmbeddedEngineUnavailableError(
      unsupportedEngineMessage(`glibc ${support.systemGlibc} is too old and no newer glibc is prepared (run npm run engine:prepare)`),
    );
  }
  return {
    command: loader.loader,
    args: ['--library-path', loader.libraryPath, nodePath],
    description: `node under glibc ${loader.glibcVersion} from ${path.relative(PROJECT_ROOT, loader.loader)}`,
  };
}

let commandCache: Promise<EngineCommand> | undefined;

/**
 * How to start the engine process here, preparing a newer glibc first if needed.
 * Throws EmbeddedEngineUnavailableError with the one clear message where that is impossible.
 */
export function resolveEngineCommand(logger?: EngineLogger, platform?: PlatformDescription): Promise<EngineCommand> {
  if (platform) return resolveUncached(logger, platform);
  commandCache ??= resolveUncached(logger, currentPlatform()).catch((error: unknown) => {
    commandCache = undefined; // let a later call retry, e.g. once the network is back
    throw error;
  });
  return commandCache;
}

async function resolveUncached(logger: EngineLogger | undefined, platform: PlatformDescription): Promise<EngineCommand> {
  const support = engineSupport(platform);
  if (support.kind !== 'glibc-loader') return engineCommandFor(support, undefined);
  let loader = preparedLoader(PROJECT_ROOT, support);
  if (!loader) {
    logger?.info(`System glibc ${support.systemGlibc} is too old for the embedded MongoDB engine; preparing a newer one (one time)`);
    await runPrepareScript();
    loader = preparedLoader(PROJECT_ROOT, support);
  }
  return engineCommandFor(support, loader);
}

function runPrepareScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PREPARE_SCRIPT],
      { cwd: PROJECT_ROOT, timeout: PREPARE_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        // The script ends its stderr with the one clear message; pass that on unchanged.
        const last = stderr.trim().split('\n').at(-1)?.trim();
        const message = last?.startsWith('Cannot start the embedded MongoDB engine')
          ? last
          : unsupportedEngineMessage(`preparing a newer glibc failed (${last || error.message})`);
        reject(new EmbeddedEngineUnavailableError(message));
      },
    );
  });
}

interface Run {
  child: ChildProcessWithoutNullStreams;
  /** The socket this run created (inside a fresh temporary directory each time). */
  socketPath: string;
}

/** Starts the engine on dataDir and supervises it until stop(). */
export async function startEmbeddedEngine(options: StartEmbeddedEngineOptions): Promise<EmbeddedEngine> {
  const command = await resolveEngineCommand(options.logger);
  const engine = new SupervisedEngine(command, options);
  try {
    await engine.firstStart();
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

const silentLogger: EngineLogger = { info() {}, warn() {}, error() {} };

class SupervisedEngine implements EmbeddedEngine {
  readonly dataDir: string;
  readonly socketPath: string;
  readonly uri: string;
  state: EngineState = 'starting';
  restarts = 0;

  private readonly command: EngineCommand;
  private readonly logger: EngineLogger;
  private readonly runtimeDir: string;
  private readonly startTimeoutMs: number;
  private readonly maxRestarts: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly stableAfterMs: number;

  private current: Run | undefined;
  private launching: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private planned = false;
  private attempts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private readonly exitListeners = new Set<(exit: EngineExit) => void>();
  private readonly readyListeners = new Set<(ready: EngineReady) => void>();
  private readonly giveUpListeners = new Set<(error: Error) => void>();
  private readonly cleanupOnProcessExit = () => fs.rmSync(this.runtimeDir, { recursive: true, force: true });

  constructor(command: EngineCommand, options: StartEmbeddedEngineOptions) {
    this.command = command;
    this.dataDir = path.resolve(options.dataDir);
    this.logger = options.logger ?? silentLogger;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.maxRestarts = options.supervisor?.maxRestarts ?? 5;
    this.initialBackoffMs = options.supervisor?.initialBackoffMs ?? 200;
    this.maxBackoffMs = options.supervisor?.maxBackoffMs ?? 10_000;
    this.stableAfterMs = options.supervisor?.stableAfterMs ?? 60_000;
    // The engine puts its socket in a new random temporary directory on every open, so the
    // driver is given this symlink instead; re-pointing it lets one MongoClient (and every Db and
    // Collection object made from it) follow the engine across restarts. mkdtemp makes it 0700,
    // and keeps the path well under the 108-byte limit for Unix socket addresses.
    this.runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-mongodb-'));
    this.socketPath = path.join(this.runtimeDir, 'mongodb.sock');
    this.uri = `mongodb://${encodeURIComponent(this.socketPath)}/?directConnection=true`;
    process.on('exit', this.cleanupOnProcessExit);
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  onExit(listener: (exit: EngineExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  onReady(listener: (ready: EngineReady) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  onGiveUp(listener: (error: Error) => void): () => void {
    this.giveUpListeners.add(listener);
    return () => this.giveUpListeners.delete(listener);
  }

  async firstStart(): Promise<void> {
    this.logger.info(`Starting embedded MongoDB engine (${this.command.description}) on ${this.dataDir}`);
    const started = Date.now();
    await this.launch();
    this.logger.info(`Embedded MongoDB engine ready in ${Date.now() - started} ms (pid ${this.pid})`);
  }

  whenReady(timeoutMs = 30_000): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    if (this.stopping || this.state === 'failed') {
      return Promise.reject(new Error(`embedded MongoDB engine is ${this.state}`));
    }
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        offReady();
        offGiveUp();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new Error(`embedded MongoDB engine not ready after ${timeoutMs} ms`)), timeoutMs);
      const offReady = this.onReady(() => done());
      const offGiveUp = this.onGiveUp((error) => done(error));
    });
  }

  async restart(): Promise<void> {
    if (this.stopping) throw new Error('embedded MongoDB engine is stopped');
    clearTimeout(this.restartTimer);
    await this.launching?.catch(() => {});
    this.planned = true;
    try {
      if (this.current) await this.terminate(this.current);
    } finally {
      this.planned = false;
    }
    this.attempts = 0;
    this.restarts += 1;
    try {
      await this.launch();
    } catch (error) {
      this.logger.warn(`Embedded MongoDB engine failed to restart: ${errorMessage(error)}`);
      this.scheduleRestart();
      throw error;
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.state = 'stopping';
      clearTimeout(this.restartTimer);
      clearTimeout(this.stableTimer);
      await this.launching?.catch(() => {});
      if (this.current) await this.terminate(this.current);
      this.state = 'stopped';
      fs.rmSync(this.runtimeDir, { recursive: true, force: true });
      process.off('exit', this.cleanupOnProcessExit);
    })();
    return this.stopping;
  }

  kill(): void {
    this.current?.child.kill('SIGKILL');
  }

  private launch(): Promise<void> {
    const launching = (async () => {
      this.state = 'starting';
      const run = await this.spawnRun();
      if (this.stopping) {
        await this.terminate(run);
        return;
      }
      this.current = run;
      this.pointSocketLink(run.socketPath);
      this.state = 'running';
      clearTimeout(this.stableTimer);
      this.stableTimer = setTimeout(() => {
        this.attempts = 0;
      }, this.stableAfterMs);
      this.stableTimer.unref();
      const ready: EngineReady = { pid: run.child.pid ?? 0, restarts: this.restarts };
      this.emit(this.readyListeners, ready);
    })();
    this.launching = launching;
    return launching.finally(() => {
      if (this.launching === launching) this.launching = undefined;
    });
  }

  private spawnRun(): Promise<Run> {
    const env = { ...process.env };
    // The engine script is plain JavaScript; a parent's --require/--import hooks or --inspect
    // port would only slow it down or collide.
    delete env.NODE_OPTIONS;
    const child = spawn(this.command.command, [...this.command.args, ENGINE_SCRIPT, this.dataDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so a terminal's Ctrl-C reaches only the API, which then stops
      // the engine in order; if the API dies instead, the engine sees stdin close and exits.
      detached: true,
      env,
    });
    child.stdin.on('error', () => {}); // EPIPE when the engine is already gone

    const stderrTail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
      this.logger.info(`[mongodb engine] ${line}`);
    });

    return new Promise<Run>((resolve, reject) => {
      let run: Run | undefined;
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new Error(`embedded MongoDB engine did not start within ${this.startTimeoutMs} ms`)),
        this.startTimeoutMs,
      );

      createInterface({ input: child.stdout }).on('line', (line) => {
        const message = run ? undefined : parseMessage(line);
        if (message?.socketPath) {
          clearTimeout(timer);
          run = { child, socketPath: message.socketPath };
          resolve(run);
        } else if (message?.error) {
          fail(new EmbeddedEngineStartError(`Embedded MongoDB engine could not open ${this.dataDir}: ${message.error}`));
        } else {
          this.logger.info(`[mongodb engine] ${line}`);
        }
      });

      child.on('error', (error) => fail(new EmbeddedEngineUnavailableError(unsupportedEngineMessage(`the engine process could not start (${error.message})`))));
      child.on('exit', (code, signal) => {
        if (run) {
          this.handleExit(run, code, signal);
          return;
        }
        // Exited before saying it was ready: usually the native addon failing to load.
        const detail = stderrTail.filter((line) => line.trim()).slice(-3).join(' | ') || 'no output';
        fail(
          new EmbeddedEngineUnavailableError(
            unsupportedEngineMessage(`the engine process exited (${signal ?? `code ${code}`}) before it was ready: ${detail}`),
          ),
        );
      });
    });
  }

  private handleExit(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    removeStaleSocketDir(run.socketPath);
    if (this.current !== run) return;
    this.current = undefined;
    clearTimeout(this.stableTimer);
    const expected = this.planned || this.stopping !== undefined;
    if (!expected) {
      this.logger.warn(`Embedded MongoDB engine exited unexpectedly (${signal ?? `code ${code}`})`);
    }
    this.emit(this.exitListeners, { code, signal, expected });
    if (!expected) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    if (this.attempts >= this.maxRestarts) {
      this.state = 'failed';
      const error = new Error(`embedded MongoDB engine gave up after ${this.attempts} restart attempts`);
      this.logger.error(`${error.message}; the database stays unavailable until restart() or an API restart`);
      this.emit(this.giveUpListeners, error);
      return;
    }
    const delay = Math.min(this.initialBackoffMs * 2 ** this.attempts, this.maxBackoffMs);
    this.attempts += 1;
    this.state = 'waiting-to-restart';
    this.logger.warn(`Restarting embedded MongoDB engine in ${delay} ms (attempt ${this.attempts}/${this.maxRestarts})`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restarts += 1;
      const started = Date.now();
      this.launch().then(
        () => this.logger.info(`Embedded MongoDB engine restarted in ${Date.now() - started} ms (pid ${this.pid})`),
        (error: unknown) => {
          this.logger.warn(`Embedded MongoDB engine restart failed: ${errorMessage(error)}`);
          this.scheduleRestart();
        },
      );
    }, delay);
  }

  /** SIGTERM (the engine closes cleanly), escalating to SIGKILL if it hangs. */
  private async terminate(run: Run): Promise<void> {
    const { child } = run;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.logger.warn(`Embedded MongoDB engine did not stop within ${STOP_GRACE_MS} ms; killing it`);
      child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** A throwing listener must not stop the others, nor the supervisor that called it. */
  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error(`Embedded MongoDB engine listener failed: ${errorMessage(error)}`);
      }
    }
  }

  private pointSocketLink(target: string): void {
    // rename() over the old link is atomic, so a connecting driver never finds no link at all.
    const temporary = `${this.socketPath}.${process.pid}.tmp`;
    fs.rmSync(temporary, { force: true });
    fs.symlinkSync(target, temporary);
    fs.renameSync(temporary, this.socketPath);
  }
}

function parseMessage(line: string): { socketPath?: string; error?: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return undefined;
    const { socketPath, error } = value as Record<string, unknown>;
    return {
      ...(typeof socketPath === 'string' ? { socketPath } : {}),
      ...(typeof error === 'string' ? { error } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A killed engine cannot remove its socket directory; only ever touch the engine's own naming. */
function removeStaleSocketDir(socketPath: string): void {
  const dir = path.dirname(socketPath);
  if (path.basename(socketPath) !== 'mongodb.sock' || !path.basename(dir).startsWith('embedded-mongodb-')) return;
  if (path.dirname(dir) !== os.tmpdir()) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
