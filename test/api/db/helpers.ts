// Shared helpers for the database tests: private temporary data folders, polling, and a log collector.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbLogger } from '../../../api/db/mongo';

/** A fresh folder under os.tmpdir(); pair with removeTempDir in afterAll. */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zegel-${prefix}-`));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls until check() is true; the deadline keeps a broken supervisor from hanging the suite. */
export async function waitFor(check: () => boolean, timeoutMs: number, intervalMs = 10): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
}

/** Keeps log lines so tests can assert on them (and print them when something fails). */
export function collectingLogger(): DbLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
}

/** True once the process is gone or a zombie (a container's PID 1 may never reap it). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
