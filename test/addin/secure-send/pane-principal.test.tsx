/**
 * @jest-environment ./test/addin/secure-send/environment.ts
 */
// A secretary in a shared mailbox sends on behalf of one of the lawyers who delegated to her and use
// that mailbox. Outlook's From address only suggests the principal: the pane always shows the choice,
// nothing is preselected when the From address fits two lawyers, and the choice can be changed.
import type { PrincipalsAnswer } from '../../../addin/secure-send/types';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { fakeServer, goodPdf, principalInfo, testKey, unitEntry, type FakeServer, type TestKey } from './fixtures';
import { expectAccessible, paneProps, paneReady, readStored, renderPane, screen, spiedCrypto, userEvent, waitFor, type Spied } from './harness';

const GRIFFIE = 'griffie@rechtspraak.nl';
const SECRETARY = 's.bakker@kantoor.nl';
const SHARED = 'secretariaat@kantoor.nl';
const A = 'mr.a.jansen@kantoor.nl';
const B = 'mr.c.visser@kantoor.nl';

let host: OfficeHostControl;
let court: TestKey;
let secretary: TestKey;
let lawyerA: TestKey;
let lawyerB: TestKey;
let spied: Spied;

beforeAll(async () => {
  host = loadOfficeHost();
  [court, secretary, lawyerA, lawyerB] = await Promise.all([testKey('Griffie'), testKey(), testKey(), testKey()]);
  spied = await spiedCrypto();
});

afterAll(unloadOfficeHost);

beforeEach(async () => {
  host.reset({ userProfile: { emailAddress: SECRETARY, displayName: 'S. Bakker' } });
  host.setItem({ from: SHARED, to: [GRIFFIE], subject: 'Akte van depot', body: { html: '<p>Bijgaand de akte.</p>' }, attachments: [{ name: 'akte.pdf', bytes: await goodPdf('Akte', 1) }] });
});

function answer(from: string, options: { suggested?: string | null; candidates?: string[]; bActive?: boolean } = {}): PrincipalsAnswer {
  const self = principalInfo({ accountId: 'acc-secretary', email: SECRETARY, self: true });
  const a = principalInfo({ accountId: 'acc-a', email: A, self: false, key: lawyerA, number: 'A11111' });
  const b = principalInfo({ accountId: 'acc-b', email: B, self: false, key: lawyerB, number: 'A22222', active: options.bActive ?? true });
  const byId = { 'acc-a': a, 'acc-b': b };
  const candidates = (options.candidates ?? ['acc-a', 'acc-b']).map((id) => byId[id as keyof typeof byId]);
  return { from, match: 'shared-mailbox', suggested: options.suggested ?? null, candidates, choices: [self, a, b] };
}

async function server(principals: PrincipalsAnswer): Promise<FakeServer> {
  return fakeServer({ actorAccountId: 'acc-secretary', directory: [unitEntry(GRIFFIE, court)], principals, numbers: { 'acc-a': 'A11111', 'acc-b': 'A22222' } });
}

function props(s: FakeServer) {
  return paneProps({ server: s, accountId: 'acc-secretary', key: secretary, pins: [court.fingerprint], crypto: spied.crypto });
}

it('offers both lawyers of the shared mailbox, preselects neither, and sends for the one finally chosen', async () => {
  const s = await server(answer(SHARED));
  renderPane(props(s));
  const send = await paneReady();
  expect(s.api.principals).toHaveBeenCalledWith({ from: SHARED });

  screen.getByRole('radiogroup', { name: /Namens wie verstuurt u dit bericht\?/, description: /Het Van-adres in Outlook is niet altijd betrouwbaar/ });
  const radios = screen.getAllByRole<HTMLInputElement>('radio');
  expect(radios.map((r) => r.labels?.[0]?.textContent)).toEqual([`Uzelf (${SECRETARY})`, `${A} (A11111) — past bij het Van-adres`, `${B} (A22222) — past bij het Van-adres`]);
  expect(radios.some((r) => r.checked)).toBe(false);
  expect(send.getAttribute('aria-disabled')).toBe('true');
  expect(screen.getByText('Kies eerst namens wie u verstuurt.')).toBeTruthy();
  await userEvent.click(send);
  expect(s.api.createMessage).not.toHaveBeenCalled();
  await expectAccessible();

  // Choose A, then change to B.
  await userEvent.click(screen.getByRole('radio', { name: new RegExp(A.replace(/\./g, '\\.')) }));
  expect(screen.getByRole<HTMLInputElement>('radio', { name: new RegExp(A.replace(/\./g, '\\.')) }).checked).toBe(true);
  await userEvent.click(screen.getByRole('radio', { name: new RegExp(B.replace(/\./g, '\\.')) }));
  expect(screen.getByRole<HTMLInputElement>('radio', { name: new RegExp(B.replace(/\./g, '\\.')) }).checked).toBe(true);
  await waitFor(() => expect(send.getAttribute('aria-disabled')).not.toBe('true'));

  await userEvent.click(send);
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.api.createMessage.mock.calls[0]![0].principalAccountId).toBe('acc-b');

  // Encrypted to the court and to lawyer B (the principal), signed by the secretary.
  const [stored] = [...s.messages.values()];
  expect((await readStored(s, stored!.messageId, lawyerB.privateKey, secretary.publicKey)).subject).toBe('Akte van depot');
  expect((await readStored(s, stored!.messageId, court.privateKey, secretary.publicKey)).subject).toBe('Akte van depot');
  await expect(readStored(s, stored!.messageId, lawyerA.privateKey, secretary.publicKey)).rejects.toThrow();

  const receipt = screen.getByRole('region', { name: 'Ontvangstbewijs' });
  expect(receipt.textContent).toContain(B);
  expect(receipt.textContent).toContain('A22222');
  expect(receipt.textContent).toContain(SECRETARY);
  expect(host.item().body.content).toContain(`Verstuurd door:</b> ${SECRETARY}`);
});

it('preselects the one lawyer the From address points to, and lets the user change it by keyboard', async () => {
  host.setItem({ from: A, to: [GRIFFIE], subject: 'Akte van depot', body: { html: '<p>Bijgaand de akte.</p>' }, attachments: [] });
  const s = await server(answer(A, { suggested: 'acc-a', candidates: ['acc-a'] }));
  renderPane(props(s));
  const send = await paneReady();
  const a = screen.getByRole<HTMLInputElement>('radio', { name: new RegExp(A.replace(/\./g, '\\.')) });
  expect(a.checked).toBe(true);

  // Keyboard only: into the group, one down to B, then on to the send button.
  a.focus();
  await userEvent.keyboard('{ArrowDown}');
  expect(screen.getByRole<HTMLInputElement>('radio', { name: new RegExp(B.replace(/\./g, '\\.')) }).checked).toBe(true);
  send.focus();
  await userEvent.keyboard('{Enter}');
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(s.api.createMessage.mock.calls[0]![0].principalAccountId).toBe('acc-b');
});

it("refuses court mail for a lawyer whose court connection is not active, and says whom to ask", async () => {
  const s = await server(answer(SHARED, { bActive: false }));
  renderPane(props(s));
  const send = await paneReady();
  await userEvent.click(screen.getByRole('radio', { name: new RegExp(B.replace(/\./g, '\\.')) }));
  await userEvent.click(send);
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText(new RegExp(`De verbinding met de Rechtspraak van ${B.replace(/\./g, '\\.')} is niet actief`))).toBeTruthy();
  expect(s.api.createMessage).not.toHaveBeenCalled();
});

it('sends as the user herself when the server knows no delegations (404)', async () => {
  host.reset({ userProfile: { emailAddress: A, displayName: 'mr. A. Jansen' } });
  host.setItem({ to: [GRIFFIE], subject: 'Akte van depot', body: { html: '<p>Bijgaand.</p>' } });
  const s = await fakeServer({ actorAccountId: 'acc-a', directory: [unitEntry(GRIFFIE, court)], principals: 'not-found', numbers: { 'acc-a': 'A11111' } });
  renderPane(paneProps({ server: s, accountId: 'acc-a', key: lawyerA, pins: [court.fingerprint], crypto: spied.crypto }));
  await userEvent.click(await paneReady());
  expect(screen.queryByRole('radiogroup')).toBeNull();
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(s.api.createMessage.mock.calls[0]![0].principalAccountId).toBeUndefined();
  expect(s.api.professionalStatus).toHaveBeenCalled();
});

it('says so plainly when the lawyer chosen revoked the delegation before Send, and sends nothing', async () => {
  const s = await server(answer(SHARED));
  renderPane(props(s));
  const send = await paneReady();
  await userEvent.click(screen.getByRole('radio', { name: new RegExp(B.replace(/\./g, '\\.')) }));
  // Meanwhile lawyer B revokes: the list the pane reloads on Send no longer has B.
  const revoked = answer(SHARED, { candidates: ['acc-a'] });
  s.api.principals.mockResolvedValue({ ...revoked, choices: revoked.choices.filter((p) => p.accountId !== 'acc-b') });
  await userEvent.click(send);
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText(/U mag niet meer versturen namens de advocaat die u had gekozen: de machtiging is ingetrokken of verlopen\. Er is niets verstuurd\./)).toBeTruthy();
  expect(screen.queryByText('Kies namens wie u dit bericht verstuurt.')).toBeNull();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  await expectAccessible();
});
