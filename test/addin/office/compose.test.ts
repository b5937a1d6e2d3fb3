// The compose adapters against the Office.js simulator: each resolves with plain values on success
// and rejects with Office's error name on failure.
import { OfficeError } from '../../../addin/office/async-result';
import {
  getAttachments,
  getBody,
  getComposeRecipients,
  getFrom,
  getSubject,
  removeAttachment,
  sendItem,
  setBody,
  setRecipients,
  setSubject,
} from '../../../addin/office/compose';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';

let host: OfficeHostControl;

beforeAll(() => {
  host = loadOfficeHost();
});

beforeEach(() => host.reset());
afterAll(unloadOfficeHost);

const officeFailure = (officeName: string): unknown => expect.objectContaining({ name: 'OfficeError', officeName });

describe('recipients', () => {
  it('reads To, Cc and Bcc with their types', async () => {
    host.setItem({
      to: [{ emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' }],
      cc: [{ emailAddress: 'sectie@kantoor.nl', displayName: 'Sectie', recipientType: 'distributionList' }],
      bcc: ['b@kantoor.nl'],
    });
    await expect(getComposeRecipients()).resolves.toEqual({
      to: [{ emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' }],
      cc: [{ emailAddress: 'sectie@kantoor.nl', displayName: 'Sectie', recipientType: 'distributionList' }],
      bcc: [{ emailAddress: 'b@kantoor.nl', displayName: 'b@kantoor.nl', recipientType: 'user' }],
    });
  });

  it('rejects with the Office error when a field cannot be read', async () => {
    host.failNext('item.bcc.getAsync', 'InternalFormatError');
    const error: unknown = await getComposeRecipients().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeError);
    expect(error).toEqual(officeFailure('InternalFormatError'));
    expect((error as OfficeError).code).toBe(9002);
  });

  it('replaces only the fields it is given', async () => {
    host.setItem({ to: ['griffie@rechtspraak.nl'], cc: ['c@kantoor.nl'] });
    await setRecipients({ to: [{ emailAddress: 'mr.a.jansen@kantoor.nl', displayName: 'mr. A. Jansen' }], bcc: [] });
    const item = host.item();
    expect(item.to).toEqual([{ emailAddress: 'mr.a.jansen@kantoor.nl', displayName: 'mr. A. Jansen', recipientType: 'user' }]);
    expect(item.cc.map((r) => r.emailAddress)).toEqual(['c@kantoor.nl']);
    expect(item.bcc).toEqual([]);
  });

  it('rejects when Outlook refuses the recipients', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@example.nl`);
    await expect(setRecipients({ to: many })).rejects.toEqual(officeFailure('NumberOfRecipientsExceeded'));
  });
});

describe('From', () => {
  it('reads the From address', async () => {
    host.setItem({ from: { emailAddress: 'secretariaat@kantoor.nl', displayName: 'Secretariaat' } });
    await expect(getFrom()).resolves.toEqual({ emailAddress: 'secretariaat@kantoor.nl', displayName: 'Secretariaat', recipientType: 'user' });
  });

  it('is null where the client cannot tell (before Mailbox 1.7)', async () => {
    host.configure({ maxMailboxVersion: '1.6' });
    await expect(getFrom()).resolves.toBeNull();
  });

  it('rejects when Office fails', async () => {
    host.failNext('item.from.getAsync');
    await expect(getFrom()).rejects.toEqual(officeFailure('GenericResponseError'));
  });
});

describe('subject and body', () => {
  it('reads and writes the subject', async () => {
    host.setItem({ subject: 'Verzoekschrift' });
    await expect(getSubject()).resolves.toBe('Verzoekschrift');
    await setSubject('Ontvangstbewijs: Verzoekschrift');
    expect(host.item().subject).toBe('Ontvangstbewijs: Verzoekschrift');
  });

  it('rejects subject failures, including one Office throws for', async () => {
    host.failNext('item.subject.getAsync');
    await expect(getSubject()).rejects.toEqual(officeFailure('GenericResponseError'));
    await expect(setSubject('x'.repeat(256))).rejects.toThrow(/out of the range/);
  });

  it('reads the body as HTML and as text, and writes either', async () => {
    host.setItem({ body: { html: '<p>Geachte griffier,</p><p>Bijgaand &amp; ter info.</p>' } });
    await expect(getBody('html')).resolves.toBe('<p>Geachte griffier,</p><p>Bijgaand &amp; ter info.</p>');
    await expect(getBody('text')).resolves.toBe('Geachte griffier,\nBijgaand & ter info.');
    await setBody('<p>Ontvangstbewijs</p>', 'html');
    expect(host.item().body).toEqual({ type: 'html', content: '<p>Ontvangstbewijs</p>' });
    await setBody('Ontvangstbewijs', 'text');
    expect(host.item().body).toEqual({ type: 'text', content: 'Ontvangstbewijs' });
  });

  it('rejects body failures', async () => {
    host.failNext('item.body.getAsync', 'NetworkError');
    await expect(getBody('text')).rejects.toEqual(officeFailure('NetworkError'));
    host.failNext('item.body.setAsync', 'SaveError');
    await expect(setBody('x', 'text')).rejects.toEqual(officeFailure('SaveError'));
  });
});

describe('attachments', () => {
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff];
  const eml = 'Subject: Hallo\r\n\r\nTekst';
  const cloudUrl = 'https://kantoor.sharepoint.com/productie-1.docx';

  it('returns every attachment with its content as bytes', async () => {
    host.setItem({
      attachments: [
        { id: 'a1', name: 'Verzoekschrift.pdf', bytes: pdf },
        { id: 'a2', name: 'Doorgestuurd bericht', attachmentType: 'item', eml },
        { id: 'a3', name: 'Productie 1.docx', attachmentType: 'cloud', url: cloudUrl },
        { id: 'a4', name: 'logo.png', bytes: [1, 2, 3], isInline: true },
      ],
    });
    const list = await getAttachments();
    expect(list.map(({ content, ...rest }) => ({ ...rest, bytes: content ? Array.from(content) : null }))).toEqual([
      { id: 'a1', name: 'Verzoekschrift.pdf', contentType: 'application/pdf', size: 10, kind: 'file', isInline: false, url: null, bytes: pdf },
      { id: 'a2', name: 'Doorgestuurd bericht', contentType: 'message/rfc822', size: eml.length, kind: 'item', isInline: false, url: null, bytes: Array.from(Buffer.from(eml)) },
      { id: 'a3', name: 'Productie 1.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: cloudUrl.length, kind: 'cloud', isInline: false, url: cloudUrl, bytes: null },
      { id: 'a4', name: 'logo.png', contentType: 'image/png', size: 3, kind: 'file', isInline: true, url: null, bytes: [1, 2, 3] },
    ]);
    expect(list[0]!.content).toBeInstanceOf(Uint8Array);
  });

  it('rejects when the list or any content cannot be read: a part is never silently missing', async () => {
    host.setItem({ attachments: [{ id: 'a1', name: 'a.pdf', bytes: pdf }, { id: 'a2', name: 'b.pdf', bytes: pdf }] });
    host.failNext('item.getAttachmentsAsync');
    await expect(getAttachments()).rejects.toEqual(officeFailure('GenericResponseError'));
    host.failNext('item.getAttachmentContentAsync', 'AttachmentTypeNotSupported');
    await expect(getAttachments()).rejects.toEqual(officeFailure('AttachmentTypeNotSupported'));
  });

  it('removes an attachment, and rejects an unknown id', async () => {
    host.setItem({ attachments: [{ id: 'a1', name: 'a.pdf', bytes: pdf }] });
    await removeAttachment('a1');
    expect(host.item().attachments).toEqual([]);
    await expect(removeAttachment('a1')).rejects.toEqual(officeFailure('InvalidAttachmentId'));
  });
});

describe('sending (Mailbox 1.15)', () => {
  // No OnMessageSend handler runs in this realm: take the add-in's launch events out, or Outlook
  // would treat the add-in as unavailable.
  beforeEach(() => host.configure({ launchEvents: {} }));

  it('is unsupported before 1.15', async () => {
    host.configure({ maxMailboxVersion: '1.14', permission: 'ReadWriteMailbox' });
    await expect(sendItem()).resolves.toBe('unsupported');
  });

  it('is unsupported with the ReadWriteItem permission, where Office.js refuses sendAsync', async () => {
    expect(host.settings().permission).toBe('ReadWriteItem');
    await expect(sendItem()).resolves.toBe('unsupported');
    expect(host.sentItems()).toEqual([]);
  });

  it('sends with ReadWriteMailbox', async () => {
    host.configure({ permission: 'ReadWriteMailbox' });
    host.setItem({ to: ['mr.a.jansen@kantoor.nl'], subject: 'Ontvangstbewijs' });
    await expect(sendItem()).resolves.toBe('sent');
    expect(host.sentItems().map((i) => i.subject)).toEqual(['Ontvangstbewijs']);
  });

  it('rejects when Outlook does not send', async () => {
    host.configure({ permission: 'ReadWriteMailbox' });
    host.failNext('item.sendAsync', 'NetworkError');
    await expect(sendItem()).rejects.toEqual(officeFailure('NetworkError'));
  });
});
