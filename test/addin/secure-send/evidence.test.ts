// The evidence copy against the Office.js simulator: the draft becomes a note to the user's own
// address (no court recipient, no attachments, the receipt summary as body, subject prefixed), which
// OnMessageSend lets pass; Outlook sends it where the add-in may, else the user presses Send.
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { EvidenceError, makeEvidenceCopy } from '../../../addin/secure-send/evidence';
import { officeCompose } from '../../../addin/secure-send/office-compose';

let host: OfficeHostControl;

beforeAll(async () => {
  host = loadOfficeHost();
  jest.resetModules();
  // The real OnMessageSend handler, registered as the send-event bundle registers it.
  await import('../../../addin/send-event/index');
});

beforeEach(() => {
  host.reset();
  host.setItem({
    to: [{ emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie' }],
    cc: ['client@example.nl'],
    bcc: ['archief@kantoor.nl'],
    subject: 'Verzoekschrift',
    body: { html: '<p>Vertrouwelijke inhoud</p>' },
    attachments: [
      { name: 'verzoek.pdf', bytes: [37, 80, 68, 70], contentType: 'application/pdf' },
      { name: 'productie 1.pdf', bytes: [37, 80, 68, 70], contentType: 'application/pdf' },
    ],
  });
});

afterAll(unloadOfficeHost);

const NOTE = '<div><h2>Ontvangstbewijs van Zegel</h2><p>Bericht-id: msg000001</p><p>Ontvangers: Griffie &lt;griffie@rechtspraak.nl&gt; (Rechtspraak)</p></div>';

function input() {
  return { compose: officeCompose(), subject: 'Verzoekschrift', subjectPrefix: '[Zegel-ontvangstbewijs]', bodyHtml: NOTE, attachmentIds: host.item().attachments.map((a) => a.id) };
}

it('turns the draft into a note to the own address, and asks the user to press Send under ReadWriteItem', async () => {
  expect(host.settings().permission).toBe('ReadWriteItem');
  expect(await makeEvidenceCopy(input())).toBe('press-send');
  const item = host.item();
  expect(item.to.map((r) => r.emailAddress)).toEqual(['mr.a.jansen@kantoor.nl']);
  expect(item.cc).toEqual([]);
  expect(item.bcc).toEqual([]);
  expect(item.attachments).toEqual([]);
  expect(item.subject).toBe('[Zegel-ontvangstbewijs] Verzoekschrift');
  expect(item.body.content).toContain('Ontvangstbewijs van Zegel');
  expect(item.body.content).not.toContain('Vertrouwelijke inhoud');
  expect(item.sent).toBe(false);

  // The user presses Send: OnMessageSend sees no court recipient and lets the note pass.
  const outcome = await host.user.send();
  expect(outcome.sent).toBe(true);
  expect(outcome.run?.completions).toEqual([expect.objectContaining({ allowEvent: true })]);
  expect(host.sentItems()).toHaveLength(1);
  expect(host.problems()).toEqual([]);
});

it('sends the note itself where the add-in may (Mailbox 1.15 with ReadWriteMailbox)', async () => {
  host.configure({ permission: 'ReadWriteMailbox' });
  expect(await makeEvidenceCopy(input())).toBe('sent');
  const [sent] = host.sentItems();
  expect(sent?.to.map((r) => r.emailAddress)).toEqual(['mr.a.jansen@kantoor.nl']);
  expect(sent?.attachments).toEqual([]);
  expect(sent?.subject).toBe('[Zegel-ontvangstbewijs] Verzoekschrift');
});

it('asks the user to press Send on a client without Mailbox 1.15', async () => {
  host.configure({ maxMailboxVersion: '1.13', permission: 'ReadWriteMailbox' });
  expect(await makeEvidenceCopy(input())).toBe('press-send');
  expect(host.item().sent).toBe(false);
});

it('adds the subject prefix only once', async () => {
  expect(await makeEvidenceCopy({ ...input(), subject: '[Zegel-ontvangstbewijs] Verzoekschrift' })).toBe('press-send');
  expect(host.item().subject).toBe('[Zegel-ontvangstbewijs] Verzoekschrift');
});

it('removes the court recipient before anything else, so a later failure leaves no court recipient', async () => {
  host.failNext('item.body.setAsync');
  const error = await makeEvidenceCopy(input()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EvidenceError);
  expect(error).toMatchObject({ step: 'body' });
  expect(host.item().to.map((r) => r.emailAddress)).toEqual(['mr.a.jansen@kantoor.nl']);
  expect(host.item().sent).toBe(false);
});

it('sends nothing when the own address is unknown', async () => {
  const compose = { ...officeCompose(), mailboxAddress: () => null };
  await expect(makeEvidenceCopy({ ...input(), compose })).rejects.toMatchObject({ step: 'own-address' });
  expect(host.item().to.map((r) => r.emailAddress)).toEqual(['griffie@rechtspraak.nl']);
});

it('sends nothing when the draft still holds an attachment after the changes', async () => {
  host.configure({ permission: 'ReadWriteMailbox' });
  const compose = { ...officeCompose(), removeAttachment: () => Promise.resolve() };
  await expect(makeEvidenceCopy({ ...input(), compose })).rejects.toMatchObject({ step: 'verify' });
  expect(host.sentItems()).toEqual([]);
});

it('refuses to write a guest link or its secret into the note, before touching the draft', async () => {
  const secret = 'c2VjcmV0LWZyYWdtZW50MQ';
  const link = `https://zegel.test/app#guest=Z3Vlc3QtaWQtMDAwMDAwMDAw.${secret}`;
  const leaking = { ...input(), bodyHtml: `${NOTE}<p>${secret}</p>`, secrets: [link, secret] };
  await expect(makeEvidenceCopy(leaking)).rejects.toMatchObject({ step: 'body' });
  expect(host.item().to.map((r) => r.emailAddress)).toEqual(['griffie@rechtspraak.nl']);
  expect(host.item().body.content).toContain('Vertrouwelijke inhoud');
  // The same note without the secret is made as usual.
  expect(await makeEvidenceCopy({ ...input(), secrets: [link, secret] })).toBe('press-send');
});
