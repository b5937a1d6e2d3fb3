// The simulator also loads in a browser-like page (jsdom), where it sets window.Office.
import fs from 'node:fs';
import { OFFICE_JS_PATH, loadOfficeHost, unloadOfficeHost } from './load';

afterAll(unloadOfficeHost);

it('defines Office and __officeHost on window', async () => {
  const host = loadOfficeHost({ displayLanguage: 'en-US' });
  expect(window.Office).toBe(Office);
  expect((window as unknown as { __officeHost: unknown }).__officeHost).toBe(host);
  expect(Office.context.displayLanguage).toBe('en-US');
  host.setItem({ attachments: [{ name: 'a.txt', text: 'héllo' }] });
  const content = await new Promise<Office.AsyncResult<Office.AttachmentContent>>((resolve) =>
    (Office.context.mailbox.item as Office.MessageCompose).getAttachmentContentAsync(host.item().attachments[0]!.id, resolve),
  );
  expect(atob(content.value.content)).toBe('h\u00c3\u00a9llo');
});

it('takes its first configuration from window.__officeHostConfig, as a browser page would set it', () => {
  const page = window as unknown as { __officeHostConfig?: unknown };
  page.__officeHostConfig = { displayLanguage: 'en-GB', item: { subject: 'Vooraf' } };
  try {
    // As a <script src=".../office.js"> would run it: no loader, no reset afterwards.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the script as a page does
    new Function(fs.readFileSync(OFFICE_JS_PATH, 'utf8'))();
    expect(Office.context.displayLanguage).toBe('en-GB');
    expect((Office.context.mailbox.item as Office.MessageRead).subject).toEqual(expect.objectContaining({ getAsync: expect.any(Function) }));
    expect((window as unknown as { __officeHost: { item(): { subject: string } } }).__officeHost.item().subject).toBe('Vooraf');
  } finally {
    delete page.__officeHostConfig;
  }
});
