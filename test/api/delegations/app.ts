// The whole API on the real engine with delegations and firms wired in, the way features.ts should
// wire them (see api/delegations/README.md, "Wiring"): the base features, then the pieces that take
// the delegations feature — professional (life-cycle hooks), directory (read delegates) and messages
// (DelegationCheck) — built again here and put in place of the base routes with the same method and path.
import fs from 'node:fs';
import path from 'node:path';
import { startTestApi, type TestApi } from '../../helpers/api';
import { createApp } from '../../../api/app';
import { createLogger } from '../../../api/logging';
import { accountsRepository } from '../../../api/accounts/repository';
import { TEST_VERIFIER_PARAMS } from '../../../api/accounts/verifier';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { createRateLimiter } from '../../../api/rate-limit/limiter';
import { createChallenges } from '../../../api/two-factor/challenges';
import { createTotp } from '../../../api/two-factor/totp';
import { createBackupCodes } from '../../../api/two-factor/backup-codes';
import { createSms } from '../../../api/two-factor/sms';
import { createSmsGateway } from '../../../api/two-factor/sms-gateway';
import { createSecondFactor } from '../../../api/two-factor/second-factor';
import { createStepUp } from '../../../api/two-factor/step-up';
import { registerRepository } from '../../../api/register/repository';
import { professionalFeature } from '../../../api/professional/feature';
import { organisationsRepository } from '../../../api/organisations/repository';
import { createDirectory, directoryRoutes } from '../../../api/directory/routes';
import { messagesRepository } from '../../../api/messages/repository';
import { createMessages, DEFAULT_MESSAGE_LIMITS, type Messages } from '../../../api/messages/messages';
import { messageRoutes } from '../../../api/messages/routes';
import { loadReceiptKeys, receiptJwks } from '../../../api/sessions/tokens';
import type { RouteDefinition } from '../../../api/http/routes';
import { firmsFeature, type FirmsFeature } from '../../../api/firms/feature';
import { createDelegationHooks, delegationsFeature, delegationsRepository, type DelegationsFeature } from '../../../api/delegations/feature';

export interface DelegationsTestApi extends TestApi {
  delegations: DelegationsFeature;
  firms: FirmsFeature;
  messages: Messages;
  /** Every sweep task of the two features, run once at `at`. */
  sweep(at: Date): Promise<void>;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const key = (route: RouteDefinition) => `${route.method} ${route.path}`;

export async function startDelegationsApi(options: { now: () => Date }): Promise<DelegationsTestApi> {
  const base = await startTestApi({ now: options.now });
  const { config, features } = base;
  const { db, durable } = base.database;
  const now = options.now;
  const { audit, mailer, register } = features;

  // What features.ts has in hand but does not return; all of it lives in the database or DATA_DIR.
  const accountsRepo = accountsRepository(db, durable);
  const limiter = createRateLimiter({ db, now });
  const challenges = createChallenges({ db, durable, now });
  const totpKey = config.twoFactor.totpKey ?? Buffer.from(fs.readFileSync(path.join(config.dataDir, 'secrets', 'totp.key'), 'utf8').trim(), 'base64');
  const totp = createTotp({ db, durable, key: totpKey, issuer: 'Zegel', now });
  const backup = createBackupCodes({ db, durable, hashParams: TEST_VERIFIER_PARAMS, now });
  const smsGateway = createSmsGateway({ url: config.twoFactor.smsGatewayUrl, token: config.twoFactor.smsGatewayToken, outboxDir: config.twoFactor.smsOutboxDir, logger: quiet });
  const sms = createSms({ db, durable, gateway: smsGateway, now, pepper: Buffer.alloc(32) });
  const secondFactor = createSecondFactor({ factors: { totp, sms, backup, smsDisabled: config.twoFactor.smsDisabled }, limiter, audit });
  const stepUp = createStepUp({ repository: accountsRepo, secondFactor, challenges, limiter, audit });

  // ---- The wiring proposed for features.ts ----
  const firms = firmsFeature({ db, durable, accounts: accountsRepo, limiter, audit, mailer, now });
  const delegationsRepo = delegationsRepository(db, durable);
  const delegationHooks = createDelegationHooks({ repository: delegationsRepo, accounts: accountsRepo, audit, mailer, firms: firms.lifecycle, now });
  const professional = professionalFeature({
    accounts: accountsRepo,
    register,
    registerEntries: registerRepository(db, durable),
    sessions: features.sessions,
    stepUp,
    secondFactor,
    factors: { totp, sms, backup },
    limiter,
    audit,
    mailer,
    publicBaseUrl: config.publicBaseUrl,
    kbvgNumberPattern: config.register.kbvgNumberPattern,
    verifierParams: TEST_VERIFIER_PARAMS,
    kdfMinimum: TEST_KDF_PARAMS,
    delegations: delegationHooks,
    now,
  });
  const delegations = delegationsFeature({
    repository: delegationsRepo,
    accounts: accountsRepo,
    court: professional.courtConnection,
    secondFactor,
    stepUp,
    limiter,
    audit,
    mailer,
    mailboxes: firms.mailboxes,
    publicBaseUrl: config.publicBaseUrl,
    now,
  });
  const directory = createDirectory({ organisations: features.organisations, accounts: accountsRepo, delegations: delegations.directory });
  const receiptKeys = await loadReceiptKeys(config.secrets.receiptSigningKeyPem ?? fs.readFileSync(path.join(config.dataDir, 'secrets', 'receipt-signing.pem'), 'utf8'), config.secrets.receiptPreviousJwks);
  const limits = { ...DEFAULT_MESSAGE_LIMITS, maxChunkBytes: config.messages.maxChunkBytes, maxMessageBytes: config.messages.maxMessageBytes };
  const messages = createMessages({
    repository: messagesRepository(db, durable),
    organisations: features.organisations,
    organisationsRepository: organisationsRepository(db, durable),
    accounts: accountsRepo,
    court: professional.courtConnection,
    delegations: delegations.check,
    receiptKeys,
    issuer: config.publicBaseUrl.origin,
    audit,
    limits,
    now,
  });
  const replacements = [
    ...professional.routes,
    ...directoryRoutes(directory),
    ...messageRoutes({ messages, limits, jwks: () => receiptJwks(receiptKeys) }),
    ...delegations.routes,
    ...firms.routes,
  ];
  // ---- end of the wiring ----

  const replaced = new Set(replacements.map(key));
  const routes = [...features.routes.filter((r) => !replaced.has(key(r))), ...replacements];
  await delegations.ensureIndexes();
  await firms.ensureIndexes();
  const logger = createLogger({ level: 'silent' });
  const { app } = createApp({ config, logger, database: base.database, routes, authenticate: features.authenticate });
  return {
    ...base,
    app,
    delegations,
    firms,
    messages,
    async sweep(at) {
      for (const task of [...delegations.sweepTasks, ...firms.sweepTasks]) await task.sweep(at);
    },
  };
}
