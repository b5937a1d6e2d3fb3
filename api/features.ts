// Assembles the API's features from the database, configuration and logger: one place that knows
// which repositories, services and routes exist. server.ts and the API tests both use it.
import type { Config } from './config';
import type { Logger } from './logging';
import type { Database } from './db/mongo';
import type { RouteDefinition, Authenticator } from './http/routes';
import { auditRepository } from './audit/repository';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { createMailer, sendNotice, type Mailer } from './mail/mailer';
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
import { closeVerifierPool, PRODUCTION_VERIFIER_PARAMS, TEST_VERIFIER_PARAMS } from './accounts/verifier';
import { MINIMUM_KDF_PARAMS, TEST_KDF_PARAMS } from '../shared/crypto/kdf';
import type { SweepTask } from './sweeper';
import { createTotp } from './two-factor/totp';
import { createBackupCodes } from './two-factor/backup-codes';
import { createSmsGateway, type SmsGateway } from './two-factor/sms-gateway';
import { createSms } from './two-factor/sms';
import { createSecondFactor } from './two-factor/second-factor';
import { createChallenges } from './two-factor/challenges';
import { createStepUp } from './two-factor/step-up';
import { createEnrolment } from './two-factor/enrolment';
import { twoFactorRoutes } from './two-factor/routes';
import { createCredentials } from './credentials/credentials';
import { credentialRoutes } from './credentials/routes';
import { securityNoticeMail } from './accounts/mail-texts';
import { organisationsRepository } from './organisations/repository';
import { createOrganisations, type Organisations } from './organisations/organisations';
import { organisationRoutes } from './organisations/routes';
import { createDirectory, directoryRoutes } from './directory/routes';
import { messagesRepository } from './messages/repository';
import { createMessages, DEFAULT_MESSAGE_LIMITS, type Messages } from './messages/messages';
import { createMessageNotices } from './messages/notices';
import { firmsFeature, type FirmsFeature } from './firms/feature';
import { createDelegationHooks, delegationsFeature, delegationsRepository, type DelegationsFeature } from './delegations/feature';
import { messageRoutes } from './messages/routes';
import { guestsRepository } from './guests/repository';
import { createGuests } from './guests/guests';
import { guestRoutes } from './guests/routes';
import { loadReceiptKeys, receiptJwks } from './sessions/tokens';
import { professionalFeature, type ProfessionalFeature } from './professional/feature';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Outside production the receipt key is made once and kept beside the data, so receipts keep verifying. */
function developmentPem(dataDir: string, name: string): string {
  const file = path.join(dataDir, 'secrets', `${name}.pem`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const pem = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fs.writeFileSync(file, pem, { mode: 0o600 });
    return pem;
  }
}

/**
 * Outside production a missing TOTP key is made once and kept in DATA_DIR/secrets (never in the
 * database), so enrolled apps keep working across restarts of a development server.
 */
function developmentKey(dataDir: string, name: string): Buffer {
  const file = path.join(dataDir, 'secrets', `${name}.key`);
  try {
    const existing = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (existing.length === 32) return existing;
  } catch {
    // made below
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

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
  smsGateway: SmsGateway;
  organisations: Organisations;
  messages: Messages;
  professional: ProfessionalFeature;
  delegations: DelegationsFeature;
  firms: FirmsFeature;
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
  const verifierParams = testProfile ? TEST_VERIFIER_PARAMS : PRODUCTION_VERIFIER_PARAMS;
  const kdfMinimum = testProfile ? TEST_KDF_PARAMS : MINIMUM_KDF_PARAMS;
  const serverSecret = config.secrets.serverSecret ?? crypto.randomBytes(32);

  const totp = createTotp({ db, durable, key: config.twoFactor.totpKey ?? developmentKey(config.dataDir, 'totp'), issuer: 'Zegel', now });
  const backup = createBackupCodes({ db, durable, hashParams: verifierParams, now });
  const smsGateway = createSmsGateway({ url: config.twoFactor.smsGatewayUrl, token: config.twoFactor.smsGatewayToken, outboxDir: config.twoFactor.smsOutboxDir, logger });
  const sms = createSms({ db, durable, gateway: smsGateway, now, pepper: serverSecret });
  const challenges = createChallenges({ db, durable, now });
  const secondFactor = createSecondFactor({
    factors: { totp, sms, backup, smsDisabled: config.twoFactor.smsDisabled },
    limiter,
    audit,
    onReplay: async (accountId) => {
      const account = await accountsRepo.findById(accountId);
      // A warning, not a change: a refused mail (logged by the mailer) must not turn the refusal of the
      // replayed code into a different error.
      if (account) await sendNotice(mailer, securityNoticeMail({ to: account.email, event: 'totp-replayed', at: now() }));
    },
  });
  const stepUp = createStepUp({ repository: accountsRepo, secondFactor, challenges, limiter, audit });
  const enrolment = createEnrolment({ factors: { totp, sms, backup, smsDisabled: config.twoFactor.smsDisabled }, secondFactor, stepUp, sessions, repository: accountsRepo, mailer, audit, limiter, now });
  const credentials = createCredentials({ repository: accountsRepo, sessions, stepUp, secondFactor, challenges, limiter, audit, mailer, verifierParams, kdfMinimum, now });

  const accounts = createAccounts({
    repository: accountsRepo,
    sessions,
    audit,
    limiter,
    mailer,
    invitations: register,
    secondFactor,
    challenges,
    publicBaseUrl: config.publicBaseUrl,
    verifierParams,
    kdfMinimum,
    serverSecret,
    now,
  });

  const firms = firmsFeature({ db, durable, accounts: accountsRepo, limiter, audit, mailer, now });
  const delegationsRepo = delegationsRepository(db, durable);
  const delegationHooks = createDelegationHooks({ repository: delegationsRepo, accounts: accountsRepo, audit, mailer, firms: firms.lifecycle, now });
  const professional = professionalFeature({
    accounts: accountsRepo,
    register,
    registerEntries: registerRepo,
    sessions,
    stepUp,
    secondFactor,
    factors: { totp, sms, backup },
    limiter,
    audit,
    mailer,
    publicBaseUrl: config.publicBaseUrl,
    kbvgNumberPattern: config.register.kbvgNumberPattern,
    verifierParams,
    kdfMinimum,
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

  const orgRepo = organisationsRepository(db, durable);
  const organisations = createOrganisations({ repository: orgRepo, accounts: accountsRepo, audit, now });
  const directory = createDirectory({ organisations, accounts: accountsRepo, delegations: delegations.directory });
  const receiptKeys = await loadReceiptKeys(config.secrets.receiptSigningKeyPem ?? developmentPem(config.dataDir, 'receipt-signing'), config.secrets.receiptPreviousJwks);
  const messagesRepo = messagesRepository(db, durable);
  const limits = { ...DEFAULT_MESSAGE_LIMITS, maxChunkBytes: config.messages.maxChunkBytes, maxMessageBytes: config.messages.maxMessageBytes };
  const guestsRepo = guestsRepository(db, durable);
  const guests = createGuests({
    repository: guestsRepo,
    messagesRepository: messagesRepo,
    messages: () => messages,
    accounts: accountsRepo,
    mailer,
    sms: smsGateway,
    limiter,
    audit,
    publicBaseUrl: config.publicBaseUrl,
    kdfMinimum,
    pepper: serverSecret,
    logger,
    now,
  });
  const messageNotices = createMessageNotices({
    repository: messagesRepo,
    accounts: accountsRepo,
    organisationsRepository: orgRepo,
    mailer,
    publicBaseUrl: config.publicBaseUrl,
    logger,
    readDelegatesOf: (accountId) => delegations.directory.readDelegatesOf(accountId),
    showOnlyPrincipalName: async (accountId) => (await delegations.delegations.settings(accountId)).showOnlyPrincipalName,
    now,
  });
  const messages = createMessages({
    repository: messagesRepo,
    organisations,
    organisationsRepository: orgRepo,
    accounts: accountsRepo,
    court: professional.courtConnection,
    delegations: delegations.check,
    receiptKeys,
    issuer: config.publicBaseUrl.origin,
    audit,
    limits,
    guests: guests.hooks,
    notices: messageNotices,
    now,
  });

  const routes = [
    ...accountRoutes(accounts),
    ...sessionRoutes(sessions),
    ...twoFactorRoutes({ enrolment, secondFactor, stepUp }),
    ...credentialRoutes(credentials),
    ...professional.routes,
    ...organisationRoutes(organisations),
    ...directoryRoutes(directory),
    ...messageRoutes({ messages, limits, jwks: () => receiptJwks(receiptKeys) }),
    ...guestRoutes(guests),
    ...delegations.routes,
    ...firms.routes,
    ...(config.nodeEnv === 'production' ? [] : outboxRoutes(mailer)),
  ];
  return {
    routes,
    authenticate: sessionAuthenticator(sessions),
    async ensureIndexes() {
      await auditRepository(db, durable).ensureIndexes();
      await registerRepo.ensureIndexes();
      await limiter.ensureIndexes();
      await sessionsRepo.ensureIndexes();
      await accountsRepo.ensureIndexes();
      await totp.ensureIndexes();
      await backup.ensureIndexes();
      await sms.ensureIndexes();
      await challenges.ensureIndexes();
      await professional.ensureIndexes();
      await orgRepo.ensureIndexes();
      await messagesRepo.ensureIndexes();
      await guestsRepo.ensureIndexes();
      await delegations.ensureIndexes();
      await firms.ensureIndexes();
    },
    sweepTasks: [
      { name: 'invitations', sweep: (at) => register.sweepExpiredInvitations(at) },
      { name: 'pending-registrations', sweep: (at) => accountsRepo.sweepExpiredPending(at) },
      { name: 'totp-enrolments', sweep: (at) => totp.sweepExpiredEnrolments(at) },
      { name: 'sms-codes', sweep: (at) => sms.sweepExpired(at) },
      { name: 'auth-challenges', sweep: (at) => challenges.sweepExpired(at) },
      ...professional.sweepTasks,
      { name: 'abandoned-uploads', sweep: (at) => messages.sweepAbandonedUploads(at) },
      { name: 'unsettled-messages', sweep: (at) => messages.sweepUnsettled(at) },
      { name: 'message-notifications', sweep: (at) => messageNotices.sweep(at) },
      { name: 'guest-notifications', sweep: (at) => guests.sweepNotifications(at) },
      { name: 'expired-guest-access', sweep: (at) => guests.sweepExpired(at) },
      ...delegations.sweepTasks,
      ...firms.sweepTasks,
      { name: 'invitation-mail-retry', sweep: async (at) => (await register.resendPendingInvitations({ now: at })).sent },
    ],
    audit,
    mailer,
    register,
    sessions,
    accounts,
    smsGateway,
    organisations,
    messages,
    professional,
    delegations,
    firms,
    async close() {
      try {
        await mailer.close();
      } finally {
        await closeVerifierPool();
      }
    },
  };
}
