/**
 * @jest-environment ./test/addin/secure-send/environment.ts
 */
// Dutch first, English second: every text exists in both, the pane speaks the language it is given,
// and each state passes axe in either language.
import { SECURE_SEND_TEXTS } from '../../../addin/secure-send/texts';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { fakeServer, goodPdf, principalInfo, testKey, unitEntry, type FakeServer, type TestKey } from './fixtures';
import { expectAccessible, paneProps, paneReady, renderPane, screen, spiedCrypto, userEvent, waitFor, type Spied } from './harness';

const GRIFFIE = 'griffie@rechtspraak.nl';
const OWN = 'mr.a.jansen@kantoor.nl';

let host: OfficeHostControl;
let court: TestKey;
let lawyer: TestKey;
let spied: Spied;

beforeAll(async () => {
  host = loadOfficeHost();
  [court, lawyer] = await Promise.all([testKey('Griffie'), testKey()]);
  spied = await spiedCrypto();
});

afterAll(unloadOfficeHost);

beforeEach(async () => {
  host.reset();
  host.setItem({ to: [{ emailAddress: GRIFFIE, displayName: 'Griffie' }], subject: 'Appeal', body: { html: '<p>Dear clerk,</p>' }, attachments: [{ name: 'appeal.pdf', bytes: await goodPdf('Appeal', 1) }] });
});

async function server(): Promise<FakeServer> {
  const self = principalInfo({ accountId: 'acc-jansen', email: OWN, self: true, number: 'A12345' });
  return fakeServer({ actorAccountId: 'acc-jansen', directory: [unitEntry(GRIFFIE, court)], principals: { from: OWN, match: 'own-address', suggested: 'acc-jansen', candidates: [self], choices: [self] }, numbers: { 'acc-jansen': 'A12345' } });
}

function shape(value: unknown): unknown {
  if (typeof value === 'function') return `function/${value.length}`;
  if (typeof value === 'string') return value.trim() === '' ? 'EMPTY' : 'text';
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  return typeof value;
}

it('has every text in Dutch and in English, none empty', () => {
  expect(shape(SECURE_SEND_TEXTS.en)).toEqual(shape(SECURE_SEND_TEXTS.nl));
  expect(JSON.stringify(shape(SECURE_SEND_TEXTS.nl))).not.toContain('EMPTY');
});

it('speaks Dutch when asked', async () => {
  const s = await server();
  renderPane(paneProps({ server: s, accountId: 'acc-jansen', key: lawyer, pins: [court.fingerprint], crypto: spied.crypto, language: 'nl' }));
  await paneReady('Controleren en veilig versturen');
  expect(screen.getByRole('heading', { name: 'Veilig versturen', level: 2 })).toBeTruthy();
  expect(screen.getByRole('region', { name: 'Ontvangers' }).textContent).toContain('Rechtspraak');
  expect(screen.getByRole('region', { name: 'Bijlagen' }).textContent).toContain('Grotere bestanden verstuurt u via de Zegel-webapp');
});

it('speaks English when asked, through a refusal and a receipt, and passes axe', async () => {
  const s = await server();
  const other = await testKey('Other');
  const props = paneProps({ server: s, accountId: 'acc-jansen', key: lawyer, pins: [other.fingerprint], crypto: spied.crypto, language: 'en', webAppUrl: 'https://zegel.test/app' });
  const view = renderPane(props);
  const send = await paneReady('Check and send securely');
  expect(screen.getByRole('heading', { name: 'Secure send', level: 2 })).toBeTruthy();
  expect(screen.getByRole('region', { name: 'Recipients' }).textContent).toContain('Court');
  expect(screen.getByRole('region', { name: 'Sender' }).textContent).toContain(`You send as yourself: ${OWN}.`);
  expect(screen.getByRole('link', { name: 'Open the Zegel web app' }).getAttribute('href')).toBe('https://zegel.test/app');
  await expectAccessible();

  await userEvent.click(send);
  const blocked = await screen.findByRole('heading', { name: 'This message cannot be sent like this' });
  await waitFor(() => expect(document.activeElement).toBe(blocked));
  expect(screen.getByText(/^Court key not trusted: the key for griffie@rechtspraak\.nl/)).toBeTruthy();
  await expectAccessible();
  view.unmount();

  renderPane({ ...props, courtKeyPins: [court.fingerprint] });
  await userEvent.click(await paneReady('Check and send securely'));
  await screen.findByRole('heading', { name: 'Receipt' });
  await screen.findByText(/Press Send in Outlook/);
  expect(screen.getByRole('region', { name: 'Receipt' }).textContent).toContain('BAR or KBvG number');
  expect(host.item().subject).toBe('[Zegel receipt] Appeal');
  expect(host.item().body.content).toContain('Zegel receipt');
  await expectAccessible();
});
