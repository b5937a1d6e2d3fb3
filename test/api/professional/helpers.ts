// The whole API plus the professional feature, mounted the way features.ts will mount it, on the real
// embedded engine; and the people of the tests: register rows, accounts with an authenticator app,
// full logins and step-up grants, all over HTTP with a clock the test moves.
import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { startTestApi, request, bearer, activateAccount, passwordLogin, type TestApi } from '../../helpers/api';
import { createApp } from '../../../api/app';
import { createLogger } from '../../../api/logging';
import { accountsRepository } from '../../../api/accounts/repository';
import { TEST_VERIFIER_PARAMS } from '../../../api/accounts/verifier';
import { registerRepository } from '../../../api/register/repository';
import { createRateLimiter } from '../../../api/rate-limit/limiter';
import { createTotp, totpCodeAt } from '../../../api/two-factor/totp';
import { createBackupCodes } from '../../../api/two-factor/backup-codes';
import { createSms } from '../../../api/two-factor/sms';
import { createSecondFactor } from '../../../api/two-factor/second-factor';
import { createChallenges } from '../../../api/two-factor/challenges';
import { createStepUp } from '../../../api/two-factor/step-up';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { professionalFeature, type ProfessionalFeature } from '../../../api/professional/feature';

export { request, bearer, passwordLogin };

export class Clock {
  private current: Date;
  constructor(start: string) {
    this.current = new Date(start);
  }
  readonly now = (): Date => this.current;
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export interface ProfessionalTestApi extends TestApi {
  /** The API with the professional and life-cycle routes mounted too. */
  app: Express;
  feature: ProfessionalFeature;
  clock: Clock;
}

export async function startProfessionalApi(options: { clock: Clock; reEnrolment?: { coolingOffHours?: number } }): Promise<ProfessionalTestApi> {
  const { clock } = options;
  const now = clock.now;
  const api = await startTestApi({ now });
  const { db, durable } = api.database;
  // Outside production buildFeatures keeps the TOTP key in DATA_DIR/secrets; the same key opens the seeds here.
  const totpKey = api.config.twoFactor.totpKey ?? Buffer.from(fs.readFileSync(path.join(api.config.dataDir, 'secrets', 'totp.key'), 'utf8').trim(), 'base64');
  const limiter = createRateLimiter({ db, now });
  const totp = createTotp({ db, durable, key: totpKey, issuer: 'Zegel', now });
  const backup = createBackupCodes({ db, durable, hashParams: TEST_VERIFIER_PARAMS, now });
  const sms = createSms({ db, durable, gateway: api.features.smsGateway, now });
  const secondFactor = createSecondFactor({ factors: { totp, sms, backup, smsDisabled: false }, limiter, audit: api.features.audit });
  const accounts = accountsRepository(db, durable);
  const stepUp = createStepUp({ repository: accounts, secondFactor, challenges: createChallenges({ db, durable, now }), limiter, audit: api.features.audit });
  const feature = professionalFeature({
    accounts,
    register: api.features.register,
    registerEntries: registerRepository(db, durable),
    sessions: api.features.sessions,
    stepUp,
    secondFactor,
    factors: { totp, sms, backup },
    limiter,
    audit: api.features.audit,
    mailer: api.features.mailer,
    publicBaseUrl: api.config.publicBaseUrl,
    kbvgNumberPattern: api.config.register.kbvgNumberPattern,
    verifierParams: TEST_VERIFIER_PARAMS,
    kdfMinimum: TEST_KDF_PARAMS,
    ...(options.reEnrolment ? { reEnrolment: options.reEnrolment } : {}),
    now,
  });
  await feature.ensureIndexes();
  const logger = createLogger({ level: 'silent' });
  // Once features.ts mounts the feature itself, its routes are already there; mount ours only where missing.
  const mounted = new Set(api.features.routes.map((r) => `${r.method} ${r.path}`));
  const routes = [...api.features.routes, ...feature.routes.filter((r) => !mounted.has(`${r.method} ${r.path}`))];
  const { app } = createApp({ config: api.config, logger, database: api.database, routes, authenticate: api.features.authenticate });
  return { ...api, app, feature, clock };
}

/** Applies register rows (CSV, header included here) the way `npm run register:import` does. */
export async function importRegister(api: TestApi, ...rows: string[]): Promise<void> {
  const content = Buffer.from(['number,kind,name,email,status', ...rows, ''].join('\n'), 'utf8');
  const result = await api.features.register.importFile({ fileName: 'nova.csv', content });
  if (!result.ok) throw new Error(`register import refused: ${JSON.stringify(result.problems)}`);
}

export interface Person {
  email: string;
  password: string;
  accountId: string;
  account: Awaited<ReturnType<typeof activateAccount>>;
  totpSecret: string;
  session: { accessToken: string; refreshToken: string };
}

/** The next code from the person's app; the clock moves on first, because a code works only once. */
export function nextCode(api: ProfessionalTestApi, person: Person): string {
  api.clock.advance(31);
  return totpCodeAt(person.totpSecret, api.clock.now());
}

/** Steps 2 and 3 of the seed: register, activate, set up the authenticator app (a full session). */
export async function enrolWithApp(api: ProfessionalTestApi, email: string, password = 'een lang en goed wachtwoord'): Promise<Person> {
  const account = await activateAccount(api, email, password);
  const { res } = await passwordLogin(api, email, password);
  if (res.body.stage !== 'setup') throw new Error(`expected a set-up session, got ${JSON.stringify(res.body)}`);
  const setup = res.body.session as { accessToken: string };
  const started = await request(api.app).post('/api/two-factor/totp/start').set(...bearer(setup.accessToken)).send({});
  const totpSecret = started.body.secret as string;
  const confirmed = await request(api.app).post('/api/two-factor/totp/confirm').set(...bearer(setup.accessToken)).send({ code: totpCodeAt(totpSecret, api.clock.now()) });
  if (confirmed.status !== 200) throw new Error(`totp confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { email, password, accountId: account.accountId, account, totpSecret, session: confirmed.body.session };
}

/** Password, then the app: a fresh full session for the person (e.g. after the clock jumped). */
export async function fullLogin(api: ProfessionalTestApi, person: Person, email = person.email, password = person.password): Promise<request.Response> {
  const { res } = await passwordLogin(api, email, password);
  if (res.body.stage !== 'second-factor') return res;
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: nextCode(api, person) });
  if (done.status === 200) person.session = done.body.session;
  return done;
}

/** A live access token (the client refreshes the same way). */
export async function tokenOf(api: ProfessionalTestApi, person: Person): Promise<string> {
  const res = await request(api.app).post('/api/sessions/refresh').send({ refreshToken: person.session.refreshToken });
  if (res.status !== 200) throw new Error(`refresh: ${res.status} ${JSON.stringify(res.body)}`);
  person.session = res.body;
  return person.session.accessToken;
}

export async function stepUp(api: ProfessionalTestApi, person: Person, purpose: string): Promise<string> {
  const token = await tokenOf(api, person);
  const { passwordKeys } = await passwordLogin(api, person.email, person.password);
  const res = await request(api.app).post('/api/auth/step-up').set(...bearer(token)).send({ authValue: passwordKeys.authValue, method: 'totp', code: nextCode(api, person), purpose });
  if (res.status !== 200) throw new Error(`step-up: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.stepUpToken as string;
}

export async function linkNumber(api: ProfessionalTestApi, person: Person, number: string, extra: Record<string, unknown> = {}): Promise<request.Response> {
  const grant = await stepUp(api, person, 'link-number');
  return request(api.app).post('/api/professional/link').set(...bearer(await tokenOf(api, person))).send({ number, confirmation: number, stepUpToken: grant, ...extra });
}

export async function statusOf(api: ProfessionalTestApi, person: Person): Promise<request.Response> {
  return request(api.app).get('/api/professional/status').set(...bearer(await tokenOf(api, person)));
}

export async function mailsOfKind(api: TestApi, address: string, kind: string) {
  return (await api.mailTo(address)).filter((m) => m.kind === kind);
}
