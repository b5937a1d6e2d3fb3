// Figure 6, the cost of a login, in this process, side by side:
//   - server: one Argon2id check of the client's auth value against its stored verifier at
//     PRODUCTION_VERIFIER_PARAMS (api/accounts/verifier.ts, hash-wasm), as every login (and every
//     pre-login of an unknown address, against a dummy verifier) costs the API;
//   - client: derivePasswordKeys at PRODUCTION_KDF_PARAMS (shared/crypto/kdf.ts, hash-wasm): Argon2id
//     plus HKDF into the wrap key and auth value, as the add-in does before every login.
// Medians after one warm-up, and the ratio client/server. hash-wasm computes synchronously in
// WebAssembly, so the server figure is also how long one login blocks the API's event loop (measured
// as the longest gap of a 1 ms ticker during a check), which bounds logins per second per API process.
import { checkVerifier, createVerifier, PRODUCTION_VERIFIER_PARAMS } from '../../api/accounts/verifier';
import { derivePasswordKeys, newKdfParams, PRODUCTION_KDF_PARAMS } from '../../shared/crypto/kdf';
import { Reporter } from '../lib/report';
import { median, num, ratio, timeMs } from '../lib/timing';

const SERVER_SAMPLES = 9;
const CLIENT_SAMPLES = 5;

export async function loginSection(): Promise<Reporter> {
  const r = new Reporter('6 login');
  const authValue = 'q3JcY1Hh0n1E8o4y0cXGmI8v0QqkOQ3Qm5m2Jb7Zk1A';
  const stored = await createVerifier(authValue, PRODUCTION_VERIFIER_PARAMS);
  const password = 'correct horse battery staple 2026';
  const params = newKdfParams(PRODUCTION_KDF_PARAMS);

  await checkVerifier(authValue, stored);
  await derivePasswordKeys({ password, params });
  const server: number[] = [];
  const blocked: number[] = [];
  const client: number[] = [];
  // Interleaved, so both see the same machine. During each server check a 1 ms ticker runs; the
  // longest gap between its ticks is how long the check held the event loop in one piece.
  for (let i = 0; i < Math.max(SERVER_SAMPLES, CLIENT_SAMPLES); i++) {
    if (i < SERVER_SAMPLES) {
      let last = performance.now();
      let longest = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 1);
      server.push(
        await timeMs(async () => {
          if (!(await checkVerifier(authValue, stored))) throw new Error('the verifier did not match');
        }),
      );
      clearInterval(ticker);
      blocked.push(Math.max(longest, performance.now() - last));
    }
    if (i < CLIENT_SAMPLES) client.push(await timeMs(() => derivePasswordKeys({ password, params })));
  }
  const blockedMs = median(blocked);

  const s = median(server);
  const c = median(client);
  const p = PRODUCTION_VERIFIER_PARAMS;
  const k = PRODUCTION_KDF_PARAMS;
  r.figure(
    `server: Argon2id verifier check (m=${p.memoryKiB} KiB, t=${p.iterations}, p=${p.parallelism})`,
    `${num(s)} ms per login (median of ${server.length}); holds the event loop for ${num(blockedMs)} ms in one piece`,
    `≈ ${num(1000 / s)} logins/s per API process (the hash runs on the event loop)`,
  );
  r.figure(`client: derivePasswordKeys (m=${k.memoryKiB} KiB, t=${k.iterations}, p=${k.parallelism})`, `${num(c)} ms per login (median of ${client.length})`, `${ratio(c, s)} of the server's verifier time`);
  return r;
}
