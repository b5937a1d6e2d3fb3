// Assembles the API's features from the database, configuration and logger: one place that knows
// which repositories, services and routes exist. server.ts and the API tests both use it.
import type { Config } from './config';
import type { Logger } from './logging';
import type { Database } from './db/mongo';
import type { RouteDefinition, Authenticator } from './http/routes';
import { auditRepository } from './audit/repository';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { createMailer, type Mailer } from './mail/mailer';
import { outboxRoutes } from './mail/routes';
import { registerRepository } from './register/repository';
import { createRegister, type Register } from './register/register';
import { createRateLimiter } from './rate-limit/limiter';
import { sessionsRepository } from './sessions/repository';
import { createSessionService, type SessionService } from './sessions/sessions';
import { sessionRoutes } from './sessions/routes';
import { sessionAuthenticator } from './sessions/authenticate';
import { loadSigningKeys } from './sessions/tokens';
import { accountsRepository } from './accounts/repository';
import { createAccounts, type Accounts } from './accounts/accounts';
import { accountRoutes } from './accounts/routes';
import { PRODUCTION_VERIFIER_PARAMS, TEST_VERIFIER_PARAMS } from './accounts/verifier';
import { MINIMUM_KDF_PARAMS, TEST_KDF_PARAMS } from '../shared/crypto/kdf';
import type { SweepTask } from './sweeper';
import crypto from 'node:crypto';

export interface Features {
  routes: RouteDefinition[];
  authenticate: Authenticator;
  ensureIndexes(): Promise<void>;
  sweepTasks: SweepTask[];
  audit: AuditLog;
  mailer: Mailer;
  register: Register;
  sessions: SessionService;
  accounts: Accounts;
  close(): Promise<void>;
}

export async function buildFeatures(options: { config: Config; logger: Logger; database: Database; now?: () => Date }): Promise<Features> {
  const { config, logger, database } = options;
  const { db, durable } = database;
  const now = options.now ?? (() => new Date());
  const testProfile = config.argon2Profile === 'test';

  const audit = createAuditLog({ repository: auditRepository(db, durable), now });
  const mailer = createMailer({ ...config.mail, logger });
  const registerRepo = registerRepository(db, durable);
  const register = createRegister({
    repository: registerRepo,
    mailer,
    audit,
    publicBaseUrl: config.publicBaseUrl,
    invitationTtlHours: config.register.invitationTtlHours,
    kbvgNumberPattern: config.register.kbvgNumberPattern,
    logger,
    now,
  });
  const limiter = createRateLimiter({ db, now });
  const sessionsRepo = sessionsRepository(db, durable);
  const sessions = createSessionService({
    repository: sessionsRepo,
    keys: await loadSigningKeys(config.secrets.signingKeyPem),
    issuer: config.publicBaseUrl.origin,
    audit,
    now,
  });
  const accountsRepo = accountsRepository(db, durable);
  const accounts = createAccounts({
    repository: accountsRepo,
    sessions,
    audit,
    limiter,
    mailer,
    invitations: register,
    publicBaseUrl: config.publicBaseUrl,
    verifierParams: testProfile ? TEST_VERIFIER_PARAMS : PRODUCTION_VERIFIER_PARAMS,
    kdfMinimum: testProfile ? TEST_KDF_PARAMS : MINIMUM_KDF_PARAMS,
    serverSecret: config.secrets.serverSecret ?? crypto.randomBytes(32),
    now,
  });

  const routes = [...accountRoutes(accounts), ...sessionRoutes(sessions), ...(config.nodeEnv === 'production' ? [] : outboxRoutes(mailer))];
  return {
    routes,
    authenticate: sessionAuthenticator(sessions),
    async ensureIndexes() {
      await auditRepository(db, durable).ensureIndexes();
      await registerRepo.ensureIndexes();
      await limiter.ensureIndexes();
      await sessionsRepo.ensureIndexes();
      await accountsRepo.ensureIndexes();
    },
    sweepTasks: [
      { name: 'invitations', sweep: (at) => register.sweepExpiredInvitations(at) },
      { name: 'pending-registrations', sweep: (at) => accountsRepo.sweepExpiredPending(at) },
      { name: 'invitation-mail-retry', sweep: async (at) => (await register.resendPendingInvitations({ now: at })).sent },
    ],
    audit,
    mailer,
    register,
    sessions,
    accounts,
    close: () => mailer.close(),
  };
}
