// The whole API in-process on the real embedded engine (temporary folder), with mail in a local
// outbox the test can read, and a client that does the browser's part with shared/crypto.
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { openDatabase, type Database } from '../../api/db/mongo';
import { buildFeatures, type Features } from '../../api/features';
import { createApp } from '../../api/app';
import { createLogger } from '../../api/logging';
import type { Config } from '../../api/config';
import { captureLogs, testConfig, type CapturedLogs } from './app';
import { makeTempDir, removeTempDir } from '../api/db/helpers';
import type { OutboxMessage } from '../../api/mail/outbox';
import { createAccountKeys } from '../../shared/crypto/account-keys';
import { createRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../shared/crypto/recovery-code';
import { derivePasswordKeys, newKdfParams, TEST_KDF_PARAMS, type KdfParams } from '../../shared/crypto/kdf';

/** What the client-side helpers need: somewhere to send requests (an app or a URL) and the mail. */
export interface ApiTarget {
  app: Express | string;
  mailTo(address: string): Promise<OutboxMessage[]>;
}

export interface TestApi extends ApiTarget {
  app: Express;
  config: Config;
  database: Database;
  features: Features;
  logs: CapturedLogs;
  /** All mail sent to an address, oldest first. */
  mailTo(address: string): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function startTestApi(options: { env?: Record<string, string>; now?: () => Date } = {}): Promise<TestApi> {
  const dir = makeTempDir('api');
  const config = testConfig({ ARGON2_PROFILE: 'test', DATA_DIR: dir, MAIL_OUTBOX_DIR: path.join(dir, 'outbox'), ...options.env });
  const { logs, destination } = captureLogs();
  const logger = createLogger({ level: 'info', destination });
  const database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  const features = await buildFeatures({ config, logger, database, ...(options.now ? { now: options.now } : {}) });
  await features.ensureIndexes();
  const { app } = createApp({ config, logger, database, routes: features.routes, authenticate: features.authenticate });
  return {
    app,
    config,
    database,
    features,
    logs,
    async mailTo(address) {
      const outbox = features.mailer.outbox;
      if (!outbox) throw new Error('mail is not going to the outbox');
      const summaries = (await outbox.list({ limit: 1000 })).filter((m) => m.to === address).reverse();
      const messages = await Promise.all(summaries.map((m) => outbox.read(m.id)));
      return messages.filter((m): m is OutboxMessage => m !== null);
    },
    async close() {
      await features.close();
      await database.close();
      removeTempDir(dir);
    },
  };
}

export function bearer(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}

export { request };


/** Registers and activates an account the way the add-in does (code by mail, keys made here). */
export async function activateAccount(api: ApiTarget, email: string, password: string) {
  const started = await request(api.app).post('/api/registration').send({ email });
  if (started.status !== 202) throw new Error(`registration: ${started.status}`);
  const mail = (await api.mailTo(email)).filter((m) => m.kind === 'account.verify').at(-1);
  const code = mail && /code in het Zegel-venster: ([0-9A-Z-]+)/.exec(mail.text)?.[1];
  if (!code) throw new Error('no verification mail');
  const verified = await request(api.app).post('/api/registration/verify').send({ email, code });
  const accountId = verified.body.accountId as string;
  const keys = await createAccountKeys({ accountId, password, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const recoveryCode = createRecoveryCode();
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId, userKey: keys.unlocked.userKey, code: recoveryCode });
  const { kdfParams, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = keys.upload;
  const activated = await request(api.app)
    .post('/api/registration/activate')
    .send({ accountId, enrolmentToken: verified.body.enrolmentToken, kdf: kdfParams, authValue, keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey }, recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue } });
  if (activated.status !== 201) throw new Error(`activation: ${activated.status} ${JSON.stringify(activated.body)}`);
  return { accountId, email, password, recoveryCode, keys };
}

/** The password stage as the client runs it: pre-login, Argon2id here, auth value to the server. */
export async function passwordLogin(api: ApiTarget, email: string, password: string) {
  const pre = await request(api.app).post('/api/auth/prelogin').send({ email });
  const passwordKeys = await derivePasswordKeys({ password, params: pre.body.kdf as KdfParams, floor: TEST_KDF_PARAMS });
  const res = await request(api.app).post('/api/auth/login').send({ email, authValue: passwordKeys.authValue });
  return { res, passwordKeys };
}
