// The register and its invitations against the real embedded engine and a real SMTP server on
// loopback: import, idempotence, address changes, removal, token secrecy, single use under
// concurrency, expiry, and mail that fails and is retried without losing anything.
import crypto from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { auditRepository, AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { createAuditLog } from '../../../api/audit/audit-log';
import { createMailer, type Mailer } from '../../../api/mail/mailer';
import { createRegister, type Register } from '../../../api/register/register';
import { INVITATIONS_COLLECTION, REGISTER_ENTRIES_COLLECTION, registerRepository, type InvitationDocument, type RegisterEntryDocument } from '../../../api/register/repository';
import { makeTempDir, removeTempDir } from '../db/helpers';
import { silentMailLogger, startSmtpSink, type SmtpSink } from '../mail/smtp-sink';

jest.setTimeout(120_000);

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const HOUR = 60 * 60 * 1000;
const TTL_HOURS = 14 * 24;
const T0 = new Date('2026-03-02T09:00:00.000Z');

let dir: string;
let database: Database;
let sink: SmtpSink;
let mailer: Mailer;
let clock: Date;
let register: Register;

const entries = () => database.db.collection<RegisterEntryDocument>(REGISTER_ENTRIES_COLLECTION);
const invitations = () => database.db.collection<InvitationDocument>(INVITATIONS_COLLECTION);
const audits = () => database.db.collection<AuditDocument>(AUDIT_COLLECTION);

function makeRegister(options: { mailer?: Mailer } = {}): Register {
  return createRegister({
    repository: registerRepository(database.db, database.durable),
    mailer: options.mailer ?? mailer,
    audit: createAuditLog({ repository: auditRepository(database.db, database.durable) }),
    publicBaseUrl: new URL('https://zegel.test'),
    invitationTtlHours: TTL_HOURS,
    kbvgNumberPattern: /^(?:[0-9]{3,6})$/u,
    now: () => clock,
  });
}

const csvFile = (...rows: string[]) => ({ fileName: 'nova.csv', content: Buffer.from(['number,kind,name,email,status', ...rows, ''].join('\r\n'), 'utf8') });
const JANSEN = 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,';
const BAKKER = '4321,bailiff,Bakker,bakker@deurwaarder.nl,';

function tokenFrom(text: string): string {
  const token = /https:\/\/zegel\.test\/app#invitation=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error('no invitation link in the mail');
  return token;
}

function mailTo(address: string) {
  const found = sink.messages.filter((m) => m.to.includes(address));
  expect(found.length).toBeGreaterThan(0);
  return found[found.length - 1]!;
}

async function importOk(file: { fileName: string; content: Buffer }) {
  const result = await register.importFile(file);
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.problems)}`);
  return result;
}

beforeAll(async () => {
  dir = makeTempDir('register');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  await registerRepository(database.db, database.durable).ensureIndexes();
  await auditRepository(database.db, database.durable).ensureIndexes();
  sink = await startSmtpSink();
  mailer = createMailer({ smtpUrl: sink.url, from: 'Zegel <no-reply@zegel.test>', outboxDir: path.join(dir, 'outbox'), logger: silentMailLogger });
});

afterAll(async () => {
  await mailer?.close();
  await sink?.close();
  await database?.close();
  removeTempDir(dir);
});

beforeEach(async () => {
  await Promise.all([entries().deleteMany({}), invitations().deleteMany({}), audits().deleteMany({})]);
  sink.messages.length = 0;
  sink.refuseRecipients = false;
  clock = T0;
  register = makeRegister();
});

describe('import', () => {
  it('imports a CSV file: entries written, each active entry invited by mail, audited', async () => {
    const result = await importOk(csvFile(JANSEN.replace('A12345', ' a 12 345 ').replace('jan@', 'Jan@'), BAKKER));
    expect(result).toEqual(expect.objectContaining({ rows: 2, entriesCreated: 2, entriesUpdated: 0, entriesRemoved: 0, entriesUnchanged: 0, invitationsCreated: 2, invitationsVoided: 0, mail: { sent: 2, failed: 0 } }));

    expect(await register.findRegisterEntryByNumber('a12345')).toEqual(
      expect.objectContaining({ number: 'A12345', kind: 'lawyer', name: 'Jansen, Jan', email: 'jan@kantoor.nl', status: 'active', removedAt: null }),
    );
    expect(await register.findRegisterEntryByNumber('4321')).toEqual(expect.objectContaining({ kind: 'bailiff', email: 'bakker@deurwaarder.nl' }));

    const mail = mailTo('jan@kantoor.nl');
    expect(mail.subject).toBe('Uw uitnodiging voor Zegel / Your invitation to Zegel');
    expect(mail.text.indexOf('Beste Jansen, Jan')).toBeLessThan(mail.text.indexOf('Dear Jansen, Jan'));
    expect(mail.text).toContain('BAR-nummer A12345');
    expect(mail.text).toContain('(jan@kantoor.nl)');
    expect(mail.html).toContain('<a href="https://zegel.test/app#invitation=');
    expect(mailTo('bakker@deurwaarder.nl').text).toContain('KBvG-nummer 4321');

    const token = tokenFrom(mail.text);
    await expect(register.findUsableInvitation({ token })).resolves.toEqual({ invitationId: expect.any(String), number: 'A12345', kind: 'lawyer', email: 'jan@kantoor.nl' });

    const actions = (await audits().find({}, { sort: { seq: 1 } }).toArray()).map((a) => `${a.action}:${a.target ?? ''}`);
    expect(actions).toEqual(['invitation.created:A12345', 'invitation.created:4321', 'register.import:']);
    const record = await audits().findOne({ action: 'register.import' });
    expect(record).toEqual(expect.objectContaining({ actor: null, outcome: 'success' }));
    expect(record!.details).toEqual(expect.objectContaining({ rows: 2, entriesCreated: 2, invitationsCreated: 2, mailsSent: 2, mailsFailed: 0, source: 'nova.csv', format: 'csv' }));
  });

  it('imports a JSON file the same way', async () => {
    const content = Buffer.from(JSON.stringify([{ number: 'A777', kind: 'lawyer', name: 'De Vries', email: 'devries@kantoor.nl' }, { number: '999', kind: 'bailiff', name: 'Smit', email: 'smit@dw.nl', status: 'active' }]));
    const result = await importOk({ fileName: 'register.json', content });
    expect(result).toEqual(expect.objectContaining({ rows: 2, entriesCreated: 2, invitationsCreated: 2, mail: { sent: 2, failed: 0 } }));
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['devries@kantoor.nl', 'smit@dw.nl']);
  });

  it('refuses a file with malformed rows, reports their lines, and writes nothing', async () => {
    await entries().deleteMany({});
    const result = await register.importFile(
      csvFile(JANSEN, '12345,lawyer,No Letter,noletter@kantoor.nl,', 'A2,lawyer,Bad,bad@,', 'A3,judge,Kind,kind@kantoor.nl,', 'A4,lawyer,Short', 'A12345,lawyer,Again,again@kantoor.nl,'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.where)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(result.problems[0]!.problem).toContain('letter A');
    expect(result.problems[4]!.problem).toContain('more than once (first on line 2)');
    expect(await entries().countDocuments()).toBe(0);
    expect(await invitations().countDocuments()).toBe(0);
    expect(await audits().countDocuments()).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  it('is idempotent: the same file again changes nothing and sends no mail', async () => {
    await importOk(csvFile(JANSEN, BAKKER));
    const before = { entries: await entries().find().toArray(), invitations: await invitations().find().toArray() };
    clock = new Date(T0.getTime() + HOUR);
    const second = await importOk(csvFile(JANSEN, BAKKER));
    expect(second).toEqual(expect.objectContaining({ entriesCreated: 0, entriesUpdated: 0, entriesRemoved: 0, entriesUnchanged: 2, invitationsCreated: 0, invitationsVoided: 0, mail: { sent: 0, failed: 0 } }));
    expect(sink.messages).toHaveLength(2);
    expect(await entries().find().toArray()).toEqual(before.entries);
    expect(await invitations().find().toArray()).toEqual(before.invitations);
  });

  it('leaves entries that a file does not mention alone', async () => {
    await importOk(csvFile(JANSEN, BAKKER));
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    const result = await importOk(csvFile(BAKKER.replace('Bakker,', 'Bakker-de Boer,')));
    expect(result).toEqual(expect.objectContaining({ entriesUpdated: 1, invitationsCreated: 0, invitationsVoided: 0 }));
    expect(await register.findRegisterEntryByNumber('A12345')).toEqual(expect.objectContaining({ status: 'active' }));
    expect(await register.findUsableInvitation({ token })).not.toBeNull();
    expect(sink.messages).toHaveLength(2);
  });

  it('voids the open invitation when the address changes and invites the new address', async () => {
    await importOk(csvFile(JANSEN));
    const oldToken = tokenFrom(mailTo('jan@kantoor.nl').text);
    clock = new Date(T0.getTime() + 24 * HOUR);
    const result = await importOk(csvFile(JANSEN.replace('jan@kantoor.nl', 'j.jansen@nieuwkantoor.nl')));
    expect(result).toEqual(expect.objectContaining({ entriesUpdated: 1, invitationsCreated: 1, invitationsVoided: 1, mail: { sent: 1, failed: 0 } }));

    await expect(register.findUsableInvitation({ token: oldToken })).resolves.toBeNull();
    await expect(register.consumeInvitation({ token: oldToken, accountId: 'acc_old' })).resolves.toBeNull();
    const newToken = tokenFrom(mailTo('j.jansen@nieuwkantoor.nl').text);
    await expect(register.findUsableInvitation({ token: newToken })).resolves.toEqual(expect.objectContaining({ email: 'j.jansen@nieuwkantoor.nl' }));

    const all = await invitations().find({ number: 'A12345' }, { sort: { createdAt: 1 } }).toArray();
    expect(all).toHaveLength(2);
    expect(all[0]).toEqual(expect.objectContaining({ email: 'jan@kantoor.nl', voidedAt: clock, voidReason: 'email-changed' }));
    expect(all[1]).toEqual(expect.objectContaining({ email: 'j.jansen@nieuwkantoor.nl', voidedAt: null, mail: 'sent' }));
    const voided = await audits().findOne({ action: 'invitation.voided' });
    expect(voided).toEqual(expect.objectContaining({ target: 'A12345', details: { invitationId: all[0]!._id.toHexString(), reason: 'email-changed' } }));
    expect(await register.findRegisterEntriesByEmail('JAN@kantoor.nl')).toEqual([]);
    expect(await register.findRegisterEntriesByEmail(' J.Jansen@NieuwKantoor.nl ')).toEqual([expect.objectContaining({ number: 'A12345' })]);
  });

  it('marks a removed entry (never deletes it) and voids its open invitation; re-activation invites again', async () => {
    await importOk(csvFile(JANSEN, BAKKER));
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    clock = new Date(T0.getTime() + HOUR);
    const removed = await importOk(csvFile(JANSEN.replace(/,$/, ',removed')));
    expect(removed).toEqual(expect.objectContaining({ entriesRemoved: 1, invitationsVoided: 1, invitationsCreated: 0 }));
    expect(await register.findRegisterEntryByNumber('A12345')).toEqual(expect.objectContaining({ status: 'removed', removedAt: clock }));
    expect(await register.findRegisterEntriesByEmail('jan@kantoor.nl')).toEqual([]);
    expect(await register.findRegisterEntriesByEmail('jan@kantoor.nl', { includeRemoved: true })).toHaveLength(1);
    await expect(register.findUsableInvitation({ token })).resolves.toBeNull();
    expect(await invitations().findOne({ number: 'A12345' })).toEqual(expect.objectContaining({ voidReason: 'entry-removed' }));

    const again = await importOk(csvFile(JANSEN.replace(/,$/, ',removed')));
    expect(again).toEqual(expect.objectContaining({ entriesUnchanged: 1, invitationsVoided: 0, mail: { sent: 0, failed: 0 } }));
    expect(await register.findRegisterEntryByNumber('A12345')).toEqual(expect.objectContaining({ removedAt: clock }));

    const back = await importOk(csvFile(JANSEN));
    expect(back).toEqual(expect.objectContaining({ entriesUpdated: 1, invitationsCreated: 1, mail: { sent: 1, failed: 0 } }));
    expect(await register.findRegisterEntryByNumber('A12345')).toEqual(expect.objectContaining({ status: 'active', removedAt: null }));
    expect(await register.findUsableInvitation({ token: tokenFrom(mailTo('jan@kantoor.nl').text) })).not.toBeNull();
  });

  it('gives one invitation and one mail per entry when two imports run at once', async () => {
    const file = csvFile(JANSEN, BAKKER, 'A2,lawyer,Twee,twee@kantoor.nl,', 'A3,lawyer,Drie,drie@kantoor.nl,');
    const [a, b] = await Promise.all([register.importFile(file), makeRegister().importFile(file)]);
    expect(a.ok && b.ok).toBe(true);
    expect(await entries().countDocuments()).toBe(4);
    expect(await invitations().countDocuments()).toBe(4);
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['bakker@deurwaarder.nl', 'drie@kantoor.nl', 'jan@kantoor.nl', 'twee@kantoor.nl']);
  });
});

describe('invitation tokens', () => {
  it('are 256 random bits, travel in the URL fragment, and only their SHA-256 is stored', async () => {
    await importOk(csvFile(JANSEN));
    const text = mailTo('jan@kantoor.nl').text;
    expect(text).toMatch(/https:\/\/zegel\.test\/app#invitation=[A-Za-z0-9_-]{43}\s/);
    const token = tokenFrom(text);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const dump = JSON.stringify({
      entries: await entries().find().toArray(),
      invitations: await invitations().find().toArray(),
      audit: await audits().find().toArray(),
    });
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('base64'));
    const hash = crypto.createHash('sha256').update(token).digest('hex');
    expect((await invitations().findOne({}))!.tokenHash).toBe(hash);
  });

  it('refuses tokens that are malformed, unknown or merely similar', async () => {
    await importOk(csvFile(JANSEN));
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const candidate of ['', 'short', `${token}x`, flipped, token.toUpperCase(), crypto.randomBytes(32).toString('base64url'), { $ne: null } as unknown as string]) {
      await expect(register.findUsableInvitation({ token: candidate })).resolves.toBeNull();
      await expect(register.consumeInvitation({ token: candidate, accountId: 'acc_x' })).resolves.toBeNull();
    }
    await expect(register.findUsableInvitation({ token })).resolves.not.toBeNull();
  });

  it('can be consumed once, also when ten attempts race', async () => {
    await importOk(csvFile(JANSEN));
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => makeRegister().consumeInvitation({ token, accountId: `acc_${i}` })));
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toEqual({ invitationId: expect.any(String), number: 'A12345', kind: 'lawyer', email: 'jan@kantoor.nl' });
    const stored = await invitations().findOne({ number: 'A12345' });
    expect(stored!.usedAt).toEqual(clock);
    expect(stored!.usedBy).toBe(`acc_${results.findIndex((r) => r !== null)}`);
    await expect(register.findUsableInvitation({ token })).resolves.toBeNull();
    await expect(register.consumeInvitation({ token, accountId: 'acc_late' })).resolves.toBeNull();
  });

  it('expires after the configured time (enforced in the query, no TTL index needed)', async () => {
    await importOk(csvFile(JANSEN));
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    const expiresAt = new Date(T0.getTime() + TTL_HOURS * HOUR);
    expect((await invitations().findOne({}))!.expiresAt).toEqual(expiresAt);
    expect(mailTo('jan@kantoor.nl').text).toContain('16 maart 2026');
    await expect(register.findUsableInvitation({ token, now: new Date(expiresAt.getTime() - 1) })).resolves.not.toBeNull();
    await expect(register.findUsableInvitation({ token, now: expiresAt })).resolves.toBeNull();
    await expect(register.consumeInvitation({ token, accountId: 'acc_1', now: new Date(expiresAt.getTime() + 1) })).resolves.toBeNull();
    expect((await invitations().findOne({}))!.usedAt).toBeNull();
  });

  it('are refused once the entry no longer backs them, even before any import voided them', async () => {
    await importOk(csvFile(JANSEN));
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    await entries().updateOne({ number: 'A12345' }, { $set: { status: 'removed' } });
    await expect(register.consumeInvitation({ token, accountId: 'acc_1' })).resolves.toBeNull();
    expect((await invitations().findOne({}))!.usedAt).toBeNull();
    await entries().updateOne({ number: 'A12345' }, { $set: { status: 'active', email: 'other@kantoor.nl' } });
    await expect(register.findUsableInvitation({ token })).resolves.toBeNull();
  });
});

describe('invitation mail that fails', () => {
  it('stays pending without a usable token, is reported, and a later resend delivers it', async () => {
    sink.refuseRecipients = true;
    const result = await importOk(csvFile(JANSEN, BAKKER));
    expect(result).toEqual(expect.objectContaining({ entriesCreated: 2, invitationsCreated: 2, mail: { sent: 0, failed: 2 } }));
    const pending = await invitations().find().toArray();
    expect(pending.map((p) => [p.mail, p.tokenHash, p.mailAttempts])).toEqual([
      ['pending', undefined, 1],
      ['pending', undefined, 1],
    ]);
    expect((await audits().findOne({ action: 'register.import' }))!.details).toEqual(expect.objectContaining({ mailsSent: 0, mailsFailed: 2 }));

    sink.refuseRecipients = false;
    clock = new Date(T0.getTime() + HOUR);
    await expect(register.resendPendingInvitations()).resolves.toEqual({ sent: 2, failed: 0 });
    const token = tokenFrom(mailTo('jan@kantoor.nl').text);
    await expect(register.findUsableInvitation({ token })).resolves.not.toBeNull();
    expect((await invitations().findOne({ number: 'A12345' }))).toEqual(expect.objectContaining({ mail: 'sent', mailAttempts: 2, mailSentAt: clock, expiresAt: new Date(clock.getTime() + TTL_HOURS * HOUR) }));
    await expect(register.resendPendingInvitations()).resolves.toEqual({ sent: 0, failed: 0 });
    expect(sink.messages).toHaveLength(2);
  });

  it('is retried by a re-import of the same file', async () => {
    sink.refuseRecipients = true;
    await importOk(csvFile(JANSEN));
    sink.refuseRecipients = false;
    const again = await importOk(csvFile(JANSEN));
    expect(again).toEqual(expect.objectContaining({ entriesUnchanged: 1, invitationsCreated: 0, mail: { sent: 1, failed: 0 } }));
    expect(sink.messages).toHaveLength(1);
    expect(await invitations().countDocuments()).toBe(1);
  });

  it('is not sent when the register changed after the invitation was written', async () => {
    sink.refuseRecipients = true;
    await importOk(csvFile(JANSEN));
    sink.refuseRecipients = false;
    await entries().updateOne({ number: 'A12345' }, { $set: { email: 'elsewhere@kantoor.nl' } });
    await expect(register.resendPendingInvitations()).resolves.toEqual({ sent: 0, failed: 0 });
    expect(sink.messages).toHaveLength(0);
    expect(await invitations().findOne({})).toEqual(expect.objectContaining({ voidReason: 'entry-changed' }));
  });

  it('finishes an import that died between entry and invitation', async () => {
    await entries().insertOne({ number: 'A12345', kind: 'lawyer', name: 'Jansen, Jan', email: 'jan@kantoor.nl', status: 'active', createdAt: T0, updatedAt: T0, removedAt: null });
    const result = await importOk(csvFile(JANSEN));
    expect(result).toEqual(expect.objectContaining({ entriesUnchanged: 1, invitationsCreated: 1, mail: { sent: 1, failed: 0 } }));
    expect((await audits().findOne({ action: 'invitation.created' }))!.details).toEqual(expect.objectContaining({ reason: 'missing' }));
  });
});

describe('reissue and sweep', () => {
  it('reissues: the standing invitation stops working and a new one is mailed', async () => {
    await importOk(csvFile(JANSEN));
    const first = tokenFrom(mailTo('jan@kantoor.nl').text);
    await register.consumeInvitation({ token: first, accountId: 'acc_1' });
    await expect(register.reissueInvitation({ number: 'a 12345', context: { actor: 'acc_admin', requestId: 'req_1' } })).resolves.toEqual({ invited: true, mail: 'sent' });
    const second = tokenFrom(mailTo('jan@kantoor.nl').text);
    expect(second).not.toBe(first);
    await expect(register.findUsableInvitation({ token: second })).resolves.not.toBeNull();
    expect(await audits().findOne({ action: 'invitation.created', actor: 'acc_admin' })).toEqual(expect.objectContaining({ requestId: 'req_1' }));
    await expect(register.reissueInvitation({ number: 'A99999', context: { actor: null } })).resolves.toEqual({ invited: false, mail: 'skipped' });
  });

  it('sweeps long-expired and long-voided invitations only; the next import invites again', async () => {
    await importOk(csvFile(JANSEN, BAKKER));
    await importOk(csvFile(BAKKER.replace('bakker@', 'b.bakker@')));
    const usedToken = tokenFrom(mailTo('b.bakker@deurwaarder.nl').text);
    await register.consumeInvitation({ token: usedToken, accountId: 'acc_b' });
    expect(await invitations().countDocuments()).toBe(3);

    await expect(register.sweepExpiredInvitations(new Date(T0.getTime() + (TTL_HOURS + 24) * HOUR))).resolves.toBe(0);
    await expect(register.sweepExpiredInvitations(new Date(T0.getTime() + (TTL_HOURS + 31 * 24) * HOUR))).resolves.toBe(2);
    expect((await invitations().find().toArray()).map((i) => i.email)).toEqual(['b.bakker@deurwaarder.nl']);

    clock = new Date(T0.getTime() + (TTL_HOURS + 32 * 24) * HOUR);
    const result = await importOk(csvFile(JANSEN, BAKKER.replace('bakker@', 'b.bakker@')));
    expect(result).toEqual(expect.objectContaining({ invitationsCreated: 1, mail: { sent: 1, failed: 0 } }));
  });
});
