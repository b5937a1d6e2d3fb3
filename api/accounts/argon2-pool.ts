// A small pool of worker threads for the server's Argon2id. hash-wasm computes synchronously, so on
// the event loop one verifier check (about 0.1 s at the production cost) would hold every other
// request of the API; in a worker thread it holds only that thread. The pool is bounded (two threads
// at most, fewer on one core), hands tasks out first come first served, and starts its threads on
// first use. Idle threads do not keep the process alive; close() ends them once queued work is done
// (a later hash starts them again, so the pool can be shared by everything in the process).
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Plain CommonJS, so the thread loads it without a TypeScript loader (see the file). */
const WORKER_FILE = path.join(__dirname, 'argon2-worker.cjs');

export interface Argon2Task {
  /** What is hashed: the client's auth value or a backup code, never logged. */
  password: string;
  salt: Uint8Array;
  iterations: number;
  memoryKiB: number;
  parallelism: number;
  hashLength: number;
}

export interface Argon2Pool {
  /** Argon2id of the task in a worker thread; rejects with hash-wasm's error when it refuses the task. */
  hash(task: Argon2Task): Promise<Buffer>;
  /** Waits for queued and running hashes, then ends the threads. */
  close(): Promise<void>;
  /** How many threads the pool runs at most. */
  readonly size: number;
  /** How many threads run now. */
  threads(): number;
}

/** Two threads at most, so logins never take every core of a small machine from the API. */
export function defaultArgon2PoolSize(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(2, cores));
}

interface Pending {
  task: Argon2Task;
  resolve(hash: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  running: Pending | null;
}

type Answer = { hash: Uint8Array } | { error: string };

export function createArgon2Pool(options: { size?: number } = {}): Argon2Pool {
  const size = options.size ?? defaultArgon2PoolSize();
  if (!Number.isInteger(size) || size < 1) throw new Error('the Argon2id pool needs at least one thread');
  const slots = new Set<Slot>();
  const queue: Pending[] = [];
  /** close() calls waiting for the queue to empty. */
  const waiting: (() => void)[] = [];

  const idle = () => queue.length === 0 && [...slots].every((s) => s.running === null);

  const settle = (slot: Slot): Pending | null => {
    const pending = slot.running;
    slot.running = null;
    // An idle thread must not keep the process alive; a busy one must, or its answer could be lost.
    slot.worker.unref();
    return pending;
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(WORKER_FILE), running: null };
    slot.worker.on('message', (answer: Answer) => {
      const pending = settle(slot);
      if ('hash' in answer) pending?.resolve(Buffer.from(answer.hash.buffer, answer.hash.byteOffset, answer.hash.byteLength));
      else pending?.reject(new Error(answer.error));
      dispatch();
    });
    // A thread that fails or stops takes only its own task with it; the next task starts a new one.
    slot.worker.on('error', (error) => {
      slots.delete(slot);
      settle(slot)?.reject(error);
      dispatch();
    });
    slot.worker.on('exit', () => {
      slots.delete(slot);
      settle(slot)?.reject(new Error('the Argon2id worker thread stopped'));
      dispatch();
    });
    slots.add(slot);
    return slot;
  };

  function dispatch(): void {
    while (queue.length > 0) {
      const slot = [...slots].find((s) => s.running === null) ?? (slots.size < size ? spawn() : null);
      if (!slot) break;
      const pending = queue.shift() as Pending;
      slot.running = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.task);
    }
    if (idle()) for (const done of waiting.splice(0)) done();
  }

  return {
    size,
    threads: () => slots.size,
    hash(task) {
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        dispatch();
      });
    },
    async close() {
      if (!idle()) await new Promise<void>((resolve) => waiting.push(resolve));
      const ending = [...slots];
      slots.clear();
      await Promise.all(ending.map((slot) => slot.worker.terminate()));
    },
  };
}
