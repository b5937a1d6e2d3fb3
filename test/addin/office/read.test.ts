// The read-mode adapter against the Office.js simulator, and the notification link it leads to: the
// add-in opened on a Zegel notification e-mail finds the secure message the mail points to.
import { OfficeError } from '../../../addin/office/async-result';
import { getReadItem } from '../../../addin/office/read';
import { messageIdFromLink, notifiedMessageId } from '../../../addin/webapp/notification-link';
import { loadOfficeHost, unloadOfficeHost, type ItemSpec, type OfficeHostControl } from '../../office-host/load';

const ORIGIN = 'https://zegel.test';
const NOTIFICATION = `<html><body><p>U heeft een beveiligd bericht ontvangen van mr.pieters@wederpartij.nl.</p>
<p><a href="https://zegel.test/app#message=Xq3_kP9-aB7cD2eF4gH6jQ">Bericht openen in Zegel</a></p>
<p><a href="https://zegel.test/privacy">Privacy</a></p></body></html>`;

describe('in Outlook, reading a mail', () => {
  let host: OfficeHostControl;
  beforeAll(() => {
    host = loadOfficeHost();
  });
  beforeEach(() => host.reset());
  afterAll(unloadOfficeHost);

  it('reads subject, sender and the HTML body with its links', async () => {
    host.user.read({ from: { emailAddress: 'no-reply@zegel.test', displayName: 'Zegel' }, subject: 'Nieuw beveiligd bericht', body: { html: NOTIFICATION } });
    const item = await getReadItem();
    expect(item).toEqual({
      subject: 'Nieuw beveiligd bericht',
      from: { emailAddress: 'no-reply@zegel.test', displayName: 'Zegel' },
      sender: { emailAddress: 'no-reply@zegel.test', displayName: 'Zegel' },
      bodyHtml: NOTIFICATION,
    });
    expect(notifiedMessageId(item!.bodyHtml, ORIGIN)).toBe('Xq3_kP9-aB7cD2eF4gH6jQ');
  });

  it('tells the sender apart from From when a delegate sent the mail', async () => {
    host.user.read({ from: 'mr.jansen@advocaten.nl', sender: 's.devries@advocaten.nl', subject: 'Namens', body: 'tekst' } as ItemSpec);
    const item = await getReadItem();
    expect(item?.from?.emailAddress).toBe('mr.jansen@advocaten.nl');
    expect(item?.sender?.emailAddress).toBe('s.devries@advocaten.nl');
  });

  it('finds the link in a plain-text notification too', async () => {
    host.user.read({ subject: 'Nieuw beveiligd bericht', body: 'Open het bericht: https://zegel.test/app#message=Xq3_kP9-aB7cD2eF4gH6jQ\nZegel' });
    const item = await getReadItem();
    expect(notifiedMessageId(item!.bodyHtml, ORIGIN)).toBe('Xq3_kP9-aB7cD2eF4gH6jQ');
  });

  it('gives nothing for a draft: the inbox view is for received mail', async () => {
    host.setItem({ subject: 'Concept', body: { html: NOTIFICATION } });
    await expect(getReadItem()).resolves.toBeNull();
  });

  it("rejects with Office's error when the body cannot be read", async () => {
    host.user.read({ subject: 'x', body: { html: NOTIFICATION } });
    host.failNext('item.body.getAsync', 'GenericResponseError');
    const error: unknown = await getReadItem().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeError);
    expect((error as OfficeError).officeName).toBe('GenericResponseError');
  });
});

it('gives nothing outside Outlook', async () => {
  await expect(getReadItem()).resolves.toBeNull();
});

describe('the notification link', () => {
  it.each([
    ['another host', 'https://zegel.evil.example/app#message=Xq3_kP9-aB7cD2eF4gH6jQ'],
    ['plain http', 'http://zegel.test/app#message=Xq3_kP9-aB7cD2eF4gH6jQ'],
    ['another path', 'https://zegel.test/elders#message=Xq3_kP9-aB7cD2eF4gH6jQ'],
    ['the id in the query (it would reach server logs)', 'https://zegel.test/app?message=Xq3_kP9-aB7cD2eF4gH6jQ'],
    ['an id with other characters', 'https://zegel.test/app#message=Xq3%2FkP9aB7cD2eF4gH6jQ'],
    ['a short id', 'https://zegel.test/app#message=abc'],
    ['a guest link', 'https://zegel.test/app#guest=Xq3_kP9-aB7cD2eF4gH6jQ'],
    ['no link at all', 'geen link'],
  ])('ignores %s', (_what, link) => {
    expect(messageIdFromLink(link, ORIGIN)).toBeNull();
    expect(notifiedMessageId(`<a href="${link}">open</a>`, ORIGIN)).toBeNull();
  });

  it('takes the first Zegel message link among others', () => {
    const body = '<a href="https://elders.nl/app#message=AAAAAAAAAAAAAAAAAAAAAA">x</a> <a href=\'https://zegel.test/app#message=BBBBBBBBBBBBBBBBBBBBBB\'>y</a>';
    expect(notifiedMessageId(body, ORIGIN)).toBe('BBBBBBBBBBBBBBBBBBBBBB');
  });
});
