/**
 * @jest-environment ./test/addin/webapp/environment.ts
 */
// Sending from the web app runs Secure send's pre-flight before a byte is encrypted or uploaded: a
// broken PDF is refused by name — also one that is a PDF only by its content — and nothing reaches
// the API's upload calls. Here the API is a fake (it stands for the directory and the delegations
// lookup, and fails the test if anything tries to create or upload a message); the crypto and
// pdf-lib are the real ones, encryption spied on. The real API's side of sending is in
// court-desk.test.tsx and inbox.test.tsx.
import { loadWebAppCrypto } from '../../../addin/webapp/crypto-loader';
import { NO_DELEGATIONS, type DirectoryEntry } from '../../../addin/secure-send/types';
import type { WebAppApi } from '../../../addin/webapp/types';
import { accountEntry, goodPdf, senderKeys, testKey, truncatedPdf, type TestKey } from '../secure-send/fixtures';
import { expectAccessible, press, renderWebApp, screen, userEvent } from './harness';

jest.setTimeout(120_000);

let me: TestKey;
let counsel: TestKey;

beforeAll(async () => {
  [me, counsel] = await Promise.all([testKey(), testKey()]);
});

/** The API as far as the checks reach it; every call that would send something fails the test. */
function fakeApi(entries: (addresses: readonly string[]) => DirectoryEntry[]) {
  const forbidden = (name: string) => jest.fn(() => Promise.reject(new Error(`${name} must not be called before the checks pass`)));
  const api = {
    lookupKeys: jest.fn((addresses: readonly string[]) => Promise.resolve(entries(addresses))),
    principals: jest.fn(() => Promise.resolve(NO_DELEGATIONS)),
    professionalStatus: forbidden('professionalStatus'),
    createMessage: forbidden('createMessage'),
    uploadChunk: forbidden('uploadChunk'),
    uploadStatus: forbidden('uploadStatus'),
    commit: forbidden('commit'),
    receiptKeys: forbidden('receiptKeys'),
    listMessages: jest.fn(() => Promise.resolve([])),
    getMessage: forbidden('getMessage'),
    fetchChunk: forbidden('fetchChunk'),
    recall: forbidden('recall'),
    memberships: jest.fn(() => Promise.resolve([])),
    readPrincipals: jest.fn(() => Promise.resolve([])),
  };
  return api;
}

async function compose(language: 'nl' | 'en', files: File[]) {
  const real = await loadWebAppCrypto();
  const encryptMessage = jest.fn(real.encryptMessage);
  const api = fakeApi((addresses) => addresses.map((a) => accountEntry(a, counsel)));
  renderWebApp({
    api: api as unknown as WebAppApi,
    keys: senderKeys('acct-me-0000000001', me),
    account: { accountId: 'acct-me-0000000001', email: 'mr.jansen@advocaten.nl' },
    receiptIssuer: 'https://zegel.test',
    language,
    initialView: 'send',
    loadCrypto: () => Promise.resolve({ ...real, encryptMessage }),
  });
  const u = userEvent.setup();
  const t = language === 'nl' ? { to: /Ontvangers/, subject: 'Onderwerp', body: 'Bericht', files: 'Bijlagen', send: 'Controleren en veilig versturen' } : { to: /Recipients/, subject: 'Subject', body: 'Message', files: 'Attachments', send: 'Check and send securely' };
  await u.type(await screen.findByRole('textbox', { name: t.to }), 'mr.pieters@wederpartij.nl');
  await u.type(screen.getByRole('textbox', { name: t.subject }), 'Producties');
  await u.type(screen.getByRole('textbox', { name: t.body }), 'Zie bijlagen.');
  await u.upload(screen.getByLabelText(t.files), files);
  await press(u, t.send);
  return { api, encryptMessage };
}

it('refuses a PDF cut off halfway before anything is encrypted or uploaded, naming the file', async () => {
  const cut = new Uint8Array(await truncatedPdf());
  const fine = new Uint8Array(await goodPdf());
  const { api, encryptMessage } = await compose('nl', [new File([fine], 'conclusie.pdf', { type: 'application/pdf' }), new File([cut], 'productie-2.pdf', { type: 'application/pdf' })]);
  expect(await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' })).toBeInTheDocument();
  expect(screen.getByText(/"productie-2\.pdf": het bestand is onvolledig/)).toBeInTheDocument();
  expect(screen.queryByText(/"conclusie\.pdf"/)).toBeNull();
  expect(screen.getByText(/Er is niets versleuteld of verstuurd/)).toBeInTheDocument();
  expect(api.lookupKeys).toHaveBeenCalledWith(['mr.pieters@wederpartij.nl']);
  expect(encryptMessage).not.toHaveBeenCalled();
  expect(api.createMessage).not.toHaveBeenCalled();
  expect(api.uploadChunk).not.toHaveBeenCalled();
  await expectAccessible();
});

it('opens a file that is a PDF by its content, whatever its name, and says so in English', async () => {
  const cut = new Uint8Array(await truncatedPdf());
  const { api, encryptMessage } = await compose('en', [new File([cut], 'scan-0001.dat', { type: 'application/octet-stream' })]);
  expect(await screen.findByRole('heading', { name: 'This message cannot be sent like this' })).toBeInTheDocument();
  expect(screen.getByText(/"scan-0001\.dat": the file is incomplete/)).toBeInTheDocument();
  expect(screen.getByText(/Nothing was encrypted or sent\. Change the message/)).toBeInTheDocument();
  expect(encryptMessage).not.toHaveBeenCalled();
  expect(api.createMessage).not.toHaveBeenCalled();
  await expectAccessible();
});

it('offers an access code to a recipient without a key, never to an organisation unit without one, which is named as such', async () => {
  // The directory names a unit that has no key yet a unit, without a key (api/directory/routes.ts);
  // send-guests.test.tsx has the same against the real directory.
  const unit = 'secretariaat@kantoor-de-boer.nl';
  const guest = 'mr.smit@wederpartij.nl';
  const api = fakeApi((addresses) => addresses.map((address) => (address === unit ? { address, kind: 'unit' as const, unitId: 'unit-secretariaat', unitName: 'Secretariaat' } : { address, kind: 'none' as const })));
  renderWebApp({
    api: api as unknown as WebAppApi,
    keys: senderKeys('acct-me-0000000001', me),
    account: { accountId: 'acct-me-0000000001', email: 'mr.jansen@advocaten.nl' },
    receiptIssuer: 'https://zegel.test',
    initialView: 'send',
  });
  const u = userEvent.setup();
  const unitText = `Deze organisatie kan nog geen beveiligde berichten ontvangen, want zij heeft nog geen Zegel-sleutel: ${unit}. Haal dit adres uit het bericht.`;
  await u.type(await screen.findByRole('textbox', { name: /Ontvangers/ }), `${unit}, ${guest}`);
  await u.type(screen.getByRole('textbox', { name: 'Onderwerp' }), 'Twee ontvangers');
  await u.type(screen.getByRole('textbox', { name: 'Bericht' }), 'Zie bijlagen.');
  await press(u, 'Controleren en veilig versturen');
  expect(await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' })).toBeInTheDocument();
  expect(screen.getByText(unitText)).toBeInTheDocument();
  expect(screen.getByRole('heading', { name: 'Ontvangers zonder Zegel-account' })).toBeInTheDocument();
  expect(screen.queryByRole('checkbox', { name: `Toegangscode geven aan ${unit}` })).toBeNull();
  await u.click(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${guest}` }));
  await press(u, 'Controleren en veilig versturen');
  expect(await screen.findByText(unitText)).toBeInTheDocument();
  // The guest has a code now; the unit is never told to get one.
  expect(screen.queryByText(/Geef hun hieronder een toegangscode/)).toBeNull();
  expect(screen.getByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' })).toBeInTheDocument();
  expect(api.createMessage).not.toHaveBeenCalled();
  await expectAccessible();
});
