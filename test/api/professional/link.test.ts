// Step 4 of the seed over HTTP on the real engine: link the BAR/KBvG number only after the second
// factor, typed twice with the letter A, only the number the register lists with the account's
// address, never two accounts on one number; the matching status shows what is missing.
import { accountsRepository } from '../../../api/accounts/repository';
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { activateAccount } from '../../helpers/api';
import { totpCodeAt } from '../../../api/two-factor/totp';
import {
  Clock,
  bearer,
  enrolWithApp,
  importRegister,
  linkNumber,
  mailsOfKind,
  passwordLogin,
  request,
  startProfessionalApi,
  statusOf,
  stepUp,
  tokenOf,
  type Person,
  type ProfessionalTestApi,
} from './helpers';

jest.setTimeout(180_000);

let api: ProfessionalTestApi;
let jan: Person;
const JAN = 'jan@kantoor.nl';

beforeAll(async () => {
  api = await startProfessionalApi({ clock: new Clock('2026-11-30T09:00:00Z') });
  await importRegister(
    api,
    'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,',
    'A23456,lawyer,Pietersen,piet@kantoor.nl,',
    'A34567,lawyer,Oud,oud@kantoor.nl,removed',
    '4321,bailiff,Bakker,bakker@deurwaarder.nl,',
  );
});
afterAll(async () => {
  await api?.close();
});

const audits = (action: string) => api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action }).toArray();
const link = async (person: Person, body: Record<string, unknown>) => request(api.app).post('/api/professional/link').set(...bearer(await tokenOf(api, person))).send(body);

describe('before the second factor', () => {
  it('refuses linking and shows what is missing (A3)', async () => {
    const activated = await activateAccount(api, JAN, 'een lang en goed wachtwoord');
    const { res } = await passwordLogin(api, JAN, 'een lang en goed wachtwoord');
    expect(res.body.stage).toBe('setup');
    const setup = res.body.session as { accessToken: string };

    const refused = await request(api.app).post('/api/professional/link').set(...bearer(setup.accessToken)).send({ number: 'A12345', confirmation: 'A12345' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SECOND_FACTOR_SETUP_REQUIRED');

    const status = await request(api.app).get('/api/professional/status').set(...bearer(setup.accessToken));
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ secondFactorConfigured: false, link: null, active: false, problems: ['second-factor-missing', 'not-linked'], form: { kind: 'lawyer' } });
    expect(status.body.texts[0].nl).toContain('niet actief');

    // Finish step 3 with the same set-up session.
    const started = await request(api.app).post('/api/two-factor/totp/start').set(...bearer(setup.accessToken)).send({});
    const confirmed = await request(api.app).post('/api/two-factor/totp/confirm').set(...bearer(setup.accessToken)).send({ code: totpCodeAt(started.body.secret, api.clock.now()) });
    expect(confirmed.status).toBe(200);
    jan = { email: JAN, password: 'een lang en goed wachtwoord', accountId: activated.accountId, account: activated, totpSecret: started.body.secret, session: confirmed.body.session };
    const after = await statusOf(api, jan);
    expect(after.body.problems).toEqual(['not-linked']);
  });
});

describe('what the user types', () => {
  it('refuses a BAR number without the letter A with the seed hint, in Dutch and English', async () => {
    const res = await link(jan, { number: '12345', confirmation: '12345' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NUMBER_INVALID');
    expect(res.body.error.reason).toBe('missing-letter-a');
    expect(res.body.error.texts.nl).toMatch(/^Vermeld de letter “A”/);
    expect(res.body.error.texts.en).toMatch(/^Include the letter “A”/);
    expect(res.body.error.message).toBe(res.body.error.texts.en);
    expect(res.body.error.details).toEqual([{ path: 'body/number', problem: 'missing-letter-a' }]);
  });

  it('refuses when the confirmation differs', async () => {
    const res = await link(jan, { number: 'A12345', confirmation: 'A12354' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NUMBER_CONFIRMATION_MISMATCH');
    expect(res.body.error.details).toEqual([{ path: 'body/confirmation', problem: 'confirmation-mismatch' }]);
    expect(res.body.error.texts.nl).toContain('niet gelijk');
  });

  it.each([
    ['A-12345', 'invalid-characters', 'streepjes'],
    ['B12345', 'wrong-letter', 'niet met een andere letter'],
    ['A12B45', 'not-digits-after-a', 'alleen cijfers'],
    ['', 'empty', 'Vul uw BAR-nummer in'],
  ])('explains %j precisely (%s)', async (number, reason, dutch) => {
    const res = await link(jan, { number, confirmation: number });
    expect(res.body.error).toMatchObject({ code: 'NUMBER_INVALID', reason });
    expect(res.body.error.texts.nl).toContain(dutch);
  });

  // Fields the form does not have (mass assignment): test/security/mass-assignment.test.ts.
});

describe('the register decides', () => {
  it("refuses another person's number, an unknown and a removed one with one and the same answer", async () => {
    const bodies = [];
    for (const number of ['A23456', 'A99999', 'A34567']) {
      const res = await link(jan, { number, confirmation: number });
      expect(res.status).toBe(403);
      bodies.push(res.body);
    }
    expect(bodies[0].error).toMatchObject({ code: 'NUMBER_NOT_MATCHED', reason: 'not-matched' });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    const text = JSON.stringify(bodies[0]);
    for (const secret of ['Pietersen', 'piet@', 'Oud', 'removed', 'A23456']) expect(text).not.toContain(secret);
    expect(bodies[0].error.texts.nl).toContain('BAR-gegevens bij de NOvA');
    expect(bodies[0].error.texts.en).toContain('new invitation');
  });

  it('a secretary, whose address is in no register, can never link a number (A1)', async () => {
    const secretary = await enrolWithApp(api, 'secretariaat@kantoor.nl');
    const res = await linkNumber(api, secretary, 'A12345');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NUMBER_NOT_MATCHED');
  });
});

describe('linking', () => {
  it('needs a step-up grant for exactly this purpose', async () => {
    const none = await link(jan, { number: 'A12345', confirmation: 'A12345' });
    expect(none.body.error.code).toBe('STEP_UP_REQUIRED');
    const other = await stepUp(api, jan, 'unlink-number');
    const wrong = await link(jan, { number: 'A12345', confirmation: 'A12345', stepUpToken: other });
    expect(wrong.body.error.code).toBe('STEP_UP_REQUIRED');
    expect((await statusOf(api, jan)).body.link).toBeNull();
  });

  it('links the number typed twice, tells the register address, audits, and shows an active connection', async () => {
    const grant = await stepUp(api, jan, 'link-number');
    const res = await link(jan, { number: ' a 12 345 ', confirmation: 'A12345', stepUpToken: grant });
    expect(res.status).toBe(200);
    expect(res.body.link).toMatchObject({ number: 'A12345', kind: 'lawyer', registerName: 'Jansen, Jan', registerStatus: 'active', state: 'linked', suspendedReason: null });
    expect(new Date(res.body.link.linkedAt).getTime()).toBe(api.clock.now().getTime());
    expect(res.body).toMatchObject({ active: true, problems: [], linked: true, number: 'A12345', kind: 'lawyer', secondFactorConfigured: true });
    expect(res.body.texts[0].en).toContain('Rechtspraak connection is active');

    const mails = await mailsOfKind(api, JAN, 'professional.linked');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('BAR-nummer A12345');
    const records = (await audits('professional.link')).filter((r) => r.outcome === 'success');
    expect(records).toEqual([expect.objectContaining({ actor: jan.accountId, target: 'A12345' })]);
    expect(await api.feature.courtConnection.check(jan.accountId)).toEqual({ active: true, number: 'A12345', kind: 'lawyer' });
  });

  it('keeps one number per account', async () => {
    const res = await link(jan, { number: 'A12345', confirmation: 'A12345' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NUMBER_ALREADY_LINKED');
  });

  it('unlinks only with step-up, audits and mails it; the number can be linked again', async () => {
    const unguarded = await request(api.app).post('/api/professional/unlink').set(...bearer(await tokenOf(api, jan))).send({});
    expect(unguarded.body.error.code).toBe('STEP_UP_REQUIRED');
    const grant = await stepUp(api, jan, 'unlink-number');
    const res = await request(api.app).post('/api/professional/unlink').set(...bearer(await tokenOf(api, jan))).send({ stepUpToken: grant });
    expect(res.status).toBe(200);
    expect(res.body.link).toBeNull();
    expect(res.body).toMatchObject({ active: false, problems: ['not-linked'] });
    expect(await mailsOfKind(api, JAN, 'professional.unlinked.user')).toHaveLength(1);
    expect((await audits('professional.unlink')).at(-1)).toMatchObject({ actor: jan.accountId, target: 'A12345', details: { cause: 'user', account: jan.accountId } });
    expect(await api.feature.courtConnection.check(jan.accountId)).toEqual({ active: false, number: null, kind: null });

    const again = await linkNumber(api, jan, 'A12345');
    expect(again.status).toBe(200);
  });
});

describe('bailiffs', () => {
  let bakker: Person;

  beforeAll(async () => {
    bakker = await enrolWithApp(api, 'bakker@deurwaarder.nl');
  });

  it('get the KBvG rules and words', async () => {
    const bar = await link(bakker, { number: 'A1234', confirmation: 'A1234' });
    expect(bar.body.error).toMatchObject({ code: 'NUMBER_INVALID', reason: 'looks-like-bar-number' });
    expect(bar.body.error.texts.nl).toContain('KBvG-nummer');
    const short = await link(bakker, { number: '12', confirmation: '12', kind: 'bailiff' });
    expect(short.body.error).toMatchObject({ code: 'NUMBER_INVALID', reason: 'kbvg-format' });
    const status = await statusOf(api, bakker);
    expect(status.body.form).toEqual({ kind: 'bailiff', kbvgNumberPattern: api.config.register.kbvgNumberPattern.source });
  });

  it('two concurrent links of the same number: exactly one wins', async () => {
    const first = await stepUp(api, bakker, 'link-number');
    const second = await stepUp(api, bakker, 'link-number');
    const token = await tokenOf(api, bakker);
    const results = await Promise.all(
      [first, second].map((grant) => request(api.app).post('/api/professional/link').set(...bearer(token)).send({ number: '4321', confirmation: '43 21', stepUpToken: grant })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('NUMBER_ALREADY_LINKED');
    const status = await statusOf(api, bakker);
    expect(status.body.link).toMatchObject({ number: '4321', kind: 'bailiff', registerName: 'Bakker' });
    expect(status.body.active).toBe(true);
  });
});

describe('one account per number, enforced by the database', () => {
  it('lets exactly one of two accounts racing for the same number have it', async () => {
    const accounts = accountsRepository(api.database.db, api.database.durable);
    const one = await enrolWithApp(api, 'een@kantoor.nl');
    const two = await enrolWithApp(api, 'twee@kantoor.nl');
    const outcomes = await Promise.all([one, two].map((p) => accounts.linkProfessional({ id: p.accountId, number: 'A77777', kind: 'lawyer', at: api.clock.now() })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['linked', 'number-taken']);
    const holders = await api.database.db.collection('accounts').countDocuments({ 'professional.number': 'A77777' });
    expect(holders).toBe(1);
  });
});
