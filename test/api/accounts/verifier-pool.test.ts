// Every server-side Argon2id (verifiers of auth values and backup codes, and the dummy check of
// unknown addresses) goes through one worker-thread pool, and the API ends its threads when it stops.
import { argon2id } from 'hash-wasm';
import * as poolModule from '../../../api/accounts/argon2-pool';
import { checkVerifier, closeVerifierPool, createVerifier, dummyVerifier, TEST_VERIFIER_PARAMS } from '../../../api/accounts/verifier';
import { activateAccount, passwordLogin, startTestApi } from '../../helpers/api';

jest.setTimeout(120_000);

// The real pool, watched: each pool verifier.ts makes and each task it hands it are recorded.
const pools: poolModule.Argon2Pool[] = [];
const tasks: { pool: number; task: poolModule.Argon2Task }[] = [];
const makePool = poolModule.createArgon2Pool;
jest.spyOn(poolModule, 'createArgon2Pool').mockImplementation((options) => {
  const pool = makePool(options);
  const index = pools.length;
  pools.push(pool);
  return {
    size: pool.size,
    threads: () => pool.threads(),
    close: () => pool.close(),
    hash(task) {
      tasks.push({ pool: index, task });
      return pool.hash(task);
    },
  };
});

afterAll(async () => {
  await closeVerifierPool();
});

const costOf = (task: poolModule.Argon2Task) => ({ iterations: task.iterations, memoryKiB: task.memoryKiB, parallelism: task.parallelism, hashLength: task.hashLength });

describe('server verifiers in the pool', () => {
  it('stores the Argon2id hash-wasm computes on the calling thread, and checks against it', async () => {
    const stored = await createVerifier('the auth value', TEST_VERIFIER_PARAMS);
    const expected = await argon2id({ password: 'the auth value', salt: Buffer.from(stored.salt, 'base64url'), iterations: stored.iterations, memorySize: stored.memoryKiB, parallelism: stored.parallelism, hashLength: 32, outputType: 'binary' });
    expect(stored.hash).toBe(Buffer.from(expected).toString('base64url'));
    await expect(checkVerifier('the auth value', stored)).resolves.toBe(true);
    await expect(checkVerifier('another auth value', stored)).resolves.toBe(false);
  });

  it('checks an unknown address (dummy verifier) with the same Argon2id in the same pool as a real one', async () => {
    const stored = await createVerifier('real', TEST_VERIFIER_PARAMS);
    const from = tasks.length;
    await expect(checkVerifier('wrong', stored)).resolves.toBe(false);
    await expect(checkVerifier('wrong', dummyVerifier(TEST_VERIFIER_PARAMS))).resolves.toBe(false);
    const [real, dummy] = tasks.slice(from);
    expect(tasks).toHaveLength(from + 2);
    expect(pools).toHaveLength(1);
    expect({ pool: dummy!.pool, cost: costOf(dummy!.task) }).toEqual({ pool: real!.pool, cost: costOf(real!.task) });
  });

  it('passes errors on: a verifier with a cost Argon2id refuses rejects the check', async () => {
    const stored = await createVerifier('real', TEST_VERIFIER_PARAMS);
    await expect(checkVerifier('real', { ...stored, iterations: 0 })).rejects.toThrow(/iterations/i);
    await expect(checkVerifier('real', stored)).resolves.toBe(true);
  });

  it('hashes the logins of the API in the pool, and the API ends its threads when it closes', async () => {
    const api = await startTestApi();
    try {
      await activateAccount(api, 'pool@kantoor.nl', 'een wachtwoord voor de pool');
      const from = tasks.length;
      const { res } = await passwordLogin(api, 'pool@kantoor.nl', 'een wachtwoord voor de pool');
      expect(res.status).toBe(200);
      expect(tasks.length).toBeGreaterThan(from);
      expect(pools[0]!.threads()).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
    expect(pools[0]!.threads()).toBe(0);
    expect(pools).toHaveLength(1);
  });
});
