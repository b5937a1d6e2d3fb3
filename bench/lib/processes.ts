// Child processes the bench starts (the API, the bare Express server): tracked so that an error, the
// watchdog or Ctrl-C stops them with SIGTERM (the API then closes its embedded engine) before exiting.
import fs from 'node:fs';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const children = new Set<ChildProcess>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const stopAll = (signal: NodeJS.Signals) => {
    process.stderr.write(`bench: ${signal}, stopping ${children.size} child process(es)\n`);
    void Promise.allSettled([...children].map((c) => stopChild(c, 15_000))).then(() => process.exit(1));
  };
  process.once('SIGTERM', () => stopAll('SIGTERM'));
  process.once('SIGINT', () => stopAll('SIGINT'));
  process.once('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  });
}

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  installHandlers();
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last `limit` characters a child wrote (both streams), draining the pipes so it never blocks. */
export function captureOutput(child: ChildProcess, limit = 64 * 1024): { text(): string } {
  let text = '';
  const add = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    if (text.length > limit * 2) text = text.slice(-limit);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return { text: () => text };
}

/** Resident set size of a process in KiB, from /proc (0 once it is gone). */
export function rssKiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the peak in KiB. */
export function sampleRss(pid: number, intervalMs = 20): { stop(): number } {
  let peak = rssKiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKiB(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssKiB(pid));
      return peak;
    },
  };
}
