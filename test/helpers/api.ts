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

export interface TestApi {
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
