// Figure 6, the cost of a login, in this process, side by side:
//   - server: one Argon2id check of the client's auth value against its stored verifier at
//     PRODUCTION_VERIFIER_PARAMS (api/accounts/verifier.ts), as every login (and every pre-login of an
//     unknown address, against a dummy verifier) costs the API. Measured two ways in the same rounds:
//     as the API runs it now, in its worker-thread pool (api/accounts/argon2-pool.ts), and as it ran
//     before, hash-wasm on the event loop (the same call the pool's thread makes);
//   - for each way, how long one check holds the event loop in one piece: the longest gap of a 1 ms
//     ticker during the check (on the event loop that is the whole hash);
//   - throughput: 8 checks started at once, as 8 logins arriving together: logins/s each way;
//   - client: derivePasswordKeys at PRODUCTION_KDF_PARAMS (shared/crypto/kdf.ts, hash-wasm): Argon2id
//     plus HKDF into the wrap key and auth value, as the add-in does before every login.
// Medians after one warm-up, interleaved so every figure sees the same machine.
import { argon2id } from 'hash-wasm';
import { checkVerifier, closeVerifierPool, createVerifier, PRODUCTION_VERIFIER_PARAMS, type StoredVerifier } from '../../api/accounts/verifier';
import { defaultArgon2PoolSize } from '../../api/accounts/argon2-pool';
import { derivePasswordKeys, newKdfParams, PRODUCTION_KDF_PARAMS } from '../../shared/crypto/kdf';
import { Reporter } from '../lib/report';
import { median, num, ratio, timeMs } from '../lib/timing';

const SERVER_SAMPLES = 9;
const CLIENT_SAMPLES = 5;
const CONCURRENT = 8;
const BURSTS = 3;

/** The check as the API ran it before the pool: hash-wasm on the calling thread. */
async function checkOnEventLoop(secret: string, stored: StoredVerifier): Promise<boolean> {
  const hash = await argon2id({ password: secret, salt: Buffer.from(stored.salt, 'base64url'), iterations: stored.iterations, memorySize: stored.memoryKiB, parallelism: stored.parallelism, hashLength: 32, outputType: 'binary' });
  return Buffer.from(hash).equals(Buffer.from(stored.hash, 'base64url'));
}

/** Time of one step and the longest stretch a 1 ms ticker could not run meanwhile. */
async function timedWithTicker(step: () => Promise<unknown>): Promise<{ ms: number; held: number }> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const ms = await timeMs(step);
  clearInterval(ticker);
  return { ms, held: Math.max(longest, performance.now() - last) };
}

export async function loginSection(): Promise<Reporter> {
  const r = new Reporter('6 login');
  const authValue = 'q3JcY1Hh0n1E8o4y0cXGmI8v0QqkOQ3Qm5m2Jb7Zk1A';
  const password = 'correct horse battery staple 2026';
  const params = newKdfParams(PRODUCTION_KDF_PARAMS);
  try {
    const stored = await createVerifier(authValue, PRODUCTION_VERIFIER_PARAMS);
    const ways = {
      pool: () => checkVerifier(authValue, stored),
      loop: () => checkOnEventLoop(authValue, stored),
    };
    for (const check of Object.values(ways)) if (!(await check())) throw new Error('the verifier did not match');
    await derivePasswordKeys({ password, params });

    const samples = { pool: [] as number[], loop: [] as number[] };
    const held = { pool: [] as number[], loop: [] as number[] };
    const client: number[] = [];
    for (let i = 0; i < Math.max(SERVER_SAMPLES, CLIENT_SAMPLES); i++) {
      if (i < SERVER_SAMPLES) {
        for (const way of i % 2 === 0 ? (['pool', 'loop'] as const) : (['loop', 'pool'] as const)) {
          const sample = await timedWithTicker(async () => {
            if (!(await ways[way]())) throw new Error('the verifier did not match');
          });
          samples[way].push(sample.ms);
          held[way].push(sample.held);
        }
      }
      if (i < CLIENT_SAMPLES) client.push(await timeMs(() => derivePasswordKeys({ password, params })));
    }
    const rate = { pool: [] as number[], loop: [] as number[] };
    for (let b = 0; b < BURSTS; b++) {
      for (const way of b % 2 === 0 ? (['pool', 'loop'] as const) : (['loop', 'pool'] as const)) {
        const ms = await timeMs(() => Promise.all(Array.from({ length: CONCURRENT }, () => ways[way]())));
        rate[way].push((CONCURRENT * 1000) / ms);
      }
    }

    const p = PRODUCTION_VERIFIER_PARAMS;
    const k = PRODUCTION_KDF_PARAMS;
    const s = { pool: median(samples.pool), loop: median(samples.loop) };
    const h = { pool: median(held.pool), loop: median(held.loop) };
    const lps = { pool: median(rate.pool), loop: median(rate.loop) };
    const cost = `m=${p.memoryKiB} KiB, t=${p.iterations}, p=${p.parallelism}`;
    r.figure(`server: Argon2id verifier check on the event loop, as before the pool (${cost})`, `${num(s.loop)} ms per login (median of ${samples.loop.length}); holds the event loop ${num(h.loop)} ms in one piece`, 'baseline');
    r.figure(
      `server: the same check in the worker-thread pool (${defaultArgon2PoolSize()} threads), as the API runs it`,
      `${num(s.pool)} ms per login; the event loop is held at most ${num(h.pool)} ms meanwhile`,
      `time ${ratio(s.pool, s.loop)} of the event-loop check; event-loop hold ${ratio(h.pool, h.loop, true)}`,
    );
    r.figure(
      `server: ${CONCURRENT} logins at once, logins/s`,
      `${num(lps.pool)}/s in the pool, ${num(lps.loop)}/s on the event loop (median of ${BURSTS} bursts)`,
      `${ratio(lps.pool, lps.loop)} of the event loop's rate`,
    );
    const c = median(client);
    r.figure(`client: derivePasswordKeys (m=${k.memoryKiB} KiB, t=${k.iterations}, p=${k.parallelism})`, `${num(c)} ms per login (median of ${client.length})`, `${ratio(c, s.pool)} of the server's check in the pool`);
  } finally {
    await closeVerifierPool();
  }
  return r;
}
