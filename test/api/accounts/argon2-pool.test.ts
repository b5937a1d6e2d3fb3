// The server's Argon2id runs in a bounded pool of worker threads: the same hashes as hash-wasm on the
// calling thread, the same errors, and the event loop free while a hash runs.
import { argon2id } from 'hash-wasm';
import { createArgon2Pool, defaultArgon2PoolSize, type Argon2Pool, type Argon2Task } from '../../../api/accounts/argon2-pool';
import { PRODUCTION_VERIFIER_PARAMS } from '../../../api/accounts/verifier';

jest.setTimeout(60_000);

/** The hash as the server computed it before the pool: hash-wasm on the calling thread. */
async function onThisThread(task: Argon2Task): Promise<Buffer> {
  const hash = await argon2id({ password: task.password, salt: task.salt, iterations: task.iterations, memorySize: task.memoryKiB, parallelism: task.parallelism, hashLength: task.hashLength, outputType: 'binary' });
  return Buffer.from(hash);
}

/** How often the event loop came round (a chain of setImmediate) while `work` ran. */
async function loopTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    turns += 1;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}

const salt = (seed: number) => Uint8Array.from({ length: 16 }, (_, i) => (seed * 31 + i * 7) & 0xff);
const cheap = (password: string, seed = 1): Argon2Task => ({ password, salt: salt(seed), iterations: 1, memoryKiB: 256, parallelism: 1, hashLength: 32 });
const production: Argon2Task = { password: 'auth value of a login', salt: salt(9), iterations: PRODUCTION_VERIFIER_PARAMS.iterations, memoryKiB: PRODUCTION_VERIFIER_PARAMS.memoryKiB, parallelism: PRODUCTION_VERIFIER_PARAMS.parallelism, hashLength: 32 };

let pool: Argon2Pool;
beforeEach(() => {
  pool = createArgon2Pool({ size: 2 });
});
afterEach(async () => {
  await pool.close();
});

describe('the Argon2id pool', () => {
  it('gives the same hashes as hash-wasm on the calling thread', async () => {
    const tasks: Argon2Task[] = [
      cheap('A'.repeat(43)),
      cheap('wachtwoord met é, ß en 🔑', 2),
      { ...cheap('two lanes', 3), parallelism: 2, iterations: 3 },
      { ...cheap('a longer hash', 4), hashLength: 64, memoryKiB: 1024 },
    ];
    for (const task of tasks) {
      const pooled = await pool.hash(task);
      expect(pooled.toString('hex')).toBe((await onThisThread(task)).toString('hex'));
      expect(pooled).toHaveLength(task.hashLength);
    }
    expect((await pool.hash(cheap('x', 5))).equals(await pool.hash(cheap('y', 5)))).toBe(false);
  });

  it("passes hash-wasm's refusal to the caller with its message, and keeps working after it", async () => {
    const refused = { ...cheap('x'), iterations: 0 };
    const inThread = await onThisThread(refused).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    expect(inThread).toMatch(/iterations/i);
    await expect(pool.hash(refused)).rejects.toThrow(inThread);
    const after = cheap('still works');
    expect((await pool.hash(after)).equals(await onThisThread(after))).toBe(true);
  });

  it('keeps the event loop turning while a hash runs; on the calling thread the hash holds it', async () => {
    await pool.hash(cheap('start the thread'));
    await onThisThread(cheap('load the WebAssembly'));
    // On the calling thread the loop turns only while hash-wasm sets up its WebAssembly instance,
    // as often for a cheap hash as for one 150 times the work: the computation itself holds it.
    const inThreadCheap = await loopTurnsDuring(() => onThisThread(cheap('cheap')));
    const inThreadCostly = await loopTurnsDuring(() => onThisThread(production));
    expect(inThreadCostly).toBe(inThreadCheap);
    // In the pool the calling thread only waits for the answer, and its loop keeps turning.
    const pooled = await loopTurnsDuring(async () => expect((await pool.hash(production)).equals(await onThisThread(production))).toBe(true));
    expect(pooled).toBeGreaterThan(inThreadCostly);
  });

  it('runs at most its size of threads and answers every queued hash', async () => {
    const tasks = Array.from({ length: 7 }, (_, i) => cheap(`login ${i}`, i));
    const seen: number[] = [];
    const answers = await Promise.all(
      tasks.map(async (task) => {
        seen.push(pool.threads());
        const hash = await pool.hash(task);
        seen.push(pool.threads());
        return hash;
      }),
    );
    for (const [i, task] of tasks.entries()) expect(answers[i]!.equals(await onThisThread(task))).toBe(true);
    expect(Math.max(...seen)).toBe(2);
  });

  it('closes after the hashes it was given, ends every thread, and starts again on the next hash', async () => {
    const running = [pool.hash(cheap('a')), pool.hash(cheap('b')), pool.hash(cheap('c'))];
    await pool.close();
    expect(pool.threads()).toBe(0);
    const answers = await Promise.all(running);
    expect(answers[2]!.equals(await onThisThread(cheap('c')))).toBe(true);
    expect((await pool.hash(cheap('again'))).equals(await onThisThread(cheap('again')))).toBe(true);
    expect(pool.threads()).toBe(1);
  });

  it('holds the process open only while a hash runs', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = ports();
    const hash = pool.hash(cheap('busy'));
    expect(ports()).toBe(before + 1);
    await hash;
    expect(pool.threads()).toBe(1);
    expect(ports()).toBe(before);
  });

  it('is two threads at most, one on a single core', () => {
    expect([1, 2, 4, 64].map((cores) => defaultArgon2PoolSize(cores))).toEqual([1, 2, 2, 2]);
    expect(() => createArgon2Pool({ size: 0 })).toThrow(/at least one thread/);
  });
});
