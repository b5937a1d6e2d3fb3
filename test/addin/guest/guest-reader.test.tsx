/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the stand-in server answers as the async API it stands in for */
// The guest reader with real crypto end to end in the browser realm: the sender's side seals a real
// guest key and encrypts a real message; the reader derives, unlocks, decrypts, downloads and replies.
// The server is a stand-in (`standInServer`) for api/guests over HTTP: it keeps what the real one keeps
// (the verifier's hash, the sealed key, ciphertext chunks) and checks the verifier, the SMS code and the
// token. The real API with the real HTTP client is exercised in real-api.test.ts.
import { act, cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe, toHaveNoViolations } from 'jest-axe';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { GuestReader, type GuestFile } from '../../../addin/guest/GuestReader';
import { GuestApiError, type GuestApi, type GuestMeta, type GuestPartLayout } from '../../../addin/guest/types';
import { loadGuestCrypto, type GuestCrypto } from '../../../addin/guest/crypto-loader';
import { deriveGuestKeys, prepareGuest, sealGuestAccess, type PreparedGuest, type GuestAccessUpload } from '../../../shared/crypto/guest-access';
import { createAccountKeys, type UnlockedAccountKeys } from '../../../shared/crypto/account-keys';
import { newKdfParams, TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { decryptMessage, encryptMessageAtOnce } from '../../../shared/crypto/messages';
import { goodPdf, truncatedPdf } from '../secure-send/fixtures';
import '../taskpane/matchers';

expect.extend(toHaveNoViolations);
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);

afterEach(() => {
  cleanup();
  (window as unknown as { __tabsterInstance?: { dispose(): void } }).__tabsterInstance?.dispose();
});

const MESSAGE_ID = 'bWVzc2FnZS1ndWVzdC0wMDE';
const SUBJECT = 'Zaak Jansen/De Vries';
const BODY = 'Geachte collega,\nbijgaand het concept.';
let sender: UnlockedAccountKeys;
let attachment: Uint8Array;

beforeAll(async () => {
  sender = (await createAccountKeys({ accountId: 'acc-sender', password: 'een heel lang wachtwoord', kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS })).unlocked;
  attachment = await goodPdf('Concept vaststellingsovereenkomst', 1);
});

/** The real crypto, with the test KDF profile standing in for production cost (the floor is passed only here). */
async function testCrypto(): Promise<GuestCrypto> {
  const real = await loadGuestCrypto();
  return { ...real, deriveGuestKeys: (options) => deriveGuestKeys({ ...options, floor: TEST_KDF_PARAMS }) };
}

interface StandIn {
  api: GuestApi;
  guest: PreparedGuest;
  upload: GuestAccessUpload;
  link: string;
  calls: { open: { smsCode?: string }[]; replyChunks: Map<string, Uint8Array>; replyLayout: GuestPartLayout[] | null; committed: boolean };
}

/** Stands in for api/guests: one guest, one message, the same checks and answers as the real routes. */
async function standInServer(options: { accessCode?: string; sms?: boolean; state?: GuestMeta['state']; tokenUses?: number } = {}): Promise<StandIn> {
  const guest = await prepareGuest({ address: 'mr.devries@wederpartij.nl', accessCode: options.accessCode ?? 'zaak-4711' });
  const upload = await sealGuestAccess({ guest, messageId: MESSAGE_ID, senderKey: sender.privateKey, replyFingerprints: [sender.fingerprint], kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const message = await encryptMessageAtOnce({
    subject: SUBJECT,
    body: BODY,
    attachments: [{ name: 'concept vso (versie 2).pdf', type: 'application/pdf', data: attachment }],
    recipientKeys: [guest.publicKey],
    senderKey: sender.publicKey,
    signingKey: sender.privateKey,
  });
  const chunks = new Map(message.parts.flatMap((p) => p.chunks.map((c) => [`${c.partId}/${c.index}`, c.ciphertext] as const)));
  const calls: StandIn['calls'] = { open: [], replyChunks: new Map(), replyLayout: null, committed: false };
  const meta: GuestMeta = { guestId: guest.guestId, state: options.state ?? 'open', kdfParams: upload.kdfParams, smsGate: options.sms === true, expiresAt: '2026-12-28T09:00:00.000Z' };
  const token = 'T'.repeat(43);
  let tokenValid = false;
  let uses = 0;
  const authorize = (presented: string) => {
    uses += 1;
    const spent = options.tokenUses !== undefined && uses > options.tokenUses;
    if (presented !== token || !tokenValid || spent) throw new GuestApiError({ code: 'GUEST_ACCESS_INVALID', status: 401 });
  };
  const api: GuestApi = {
    meta: async (guestId) => {
      if (guestId !== guest.guestId) throw new GuestApiError({ code: 'NOT_FOUND', status: 404 });
      return meta;
    },
    open: async (_guestId, input) => {
      calls.open.push({ ...(input.smsCode ? { smsCode: input.smsCode } : {}) });
      if (input.verifier !== upload.verifier) throw new GuestApiError({ code: 'GUEST_ACCESS_INVALID', status: 401 });
      if (options.sms && input.smsCode === undefined) return { next: 'sms', phoneLast2: '78', smsExpiresAt: '2026-11-28T09:05:00Z' };
      if (options.sms && input.smsCode !== '246810') throw new GuestApiError({ code: 'SMS_CODE_INVALID', status: 401 });
      tokenValid = true;
      return {
        next: 'read',
        token,
        tokenExpiresAt: '2026-11-28T09:30:00Z',
        messageId: MESSAGE_ID,
        committedAt: '2026-11-28T09:00:00Z',
        expiresAt: meta.expiresAt,
        wrappedKey: upload.wrappedKey,
        parts: message.layout,
        receipt: null,
        sender: { address: 'mr.jansen@advocaten.nl', publicKey: sender.publicKey.armor(), fingerprint: sender.fingerprint },
        replyTo: [{ address: 'mr.jansen@advocaten.nl', publicKey: sender.publicKey.armor(), fingerprint: sender.fingerprint }],
      };
    },
    resendSms: async () => ({ next: 'sms', phoneLast2: '78', smsExpiresAt: '2026-11-28T09:06:00Z' }),
    fetchChunk: async (_guestId, presented, partId, index) => {
      authorize(presented);
      const chunk = chunks.get(`${partId}/${index}`);
      if (!chunk) throw new GuestApiError({ code: 'NOT_FOUND', status: 404 });
      return chunk;
    },
    createReply: async (_guestId, presented, input) => {
      authorize(presented);
      calls.replyLayout = input.parts;
      return { messageId: 'cmVwbHktbWVzc2FnZS0wMDE' };
    },
    putReplyChunk: async (_guestId, presented, _replyId, input) => {
      authorize(presented);
      calls.replyChunks.set(`${input.partId}/${input.index}`, input.data);
    },
    commitReply: async (_guestId, presented, replyId) => {
      authorize(presented);
      calls.committed = true;
      return { messageId: replyId, receipt: 'jws' };
    },
  };
  return { api, guest, upload, calls, link: `https://zegel.example/app#guest=${guest.guestId}.${guest.secret}` };
}

function renderReader(server: StandIn, options: { fragment?: string; language?: 'nl' | 'en' } = {}) {
  const downloads: GuestFile[] = [];
  const clearFragment = jest.fn();
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <GuestReader fragment={options.fragment ?? new URL(server.link).hash} language={options.language ?? 'nl'} api={server.api} loadCrypto={testCrypto} download={(f) => downloads.push(f)} clearFragment={clearFragment} />
    </FluentProvider>,
  );
  return { ...view, downloads, clearFragment };
}

async function expectAccessible(): Promise<void> {
  expect(await axe(document.body, { rules: { 'color-contrast': { enabled: false } } })).toHaveNoViolations();
}

async function enterCode(code: string) {
  const user = userEvent.setup();
  const input = await screen.findByLabelText(/Toegangscode|Access code/);
  await user.clear(input);
  await user.type(input, code);
  await user.click(screen.getByRole('button', { name: /Bericht openen|Open message/ }));
  return user;
}

describe('opening', () => {
  it('asks for the code, decrypts in the browser and shows the message; the fragment is cleared from the address bar', async () => {
    const server = await standInServer();
    const view = renderReader(server);
    expect(view.clearFragment).toHaveBeenCalled();
    await screen.findByLabelText(/Toegangscode/);
    await expectAccessible();
    await enterCode('ZAAK 4711');
    expect(await screen.findByRole('heading', { level: 1, name: SUBJECT })).toBeInTheDocument();
    expect(screen.getByText(/Geachte collega,/)).toHaveTextContent('bijgaand het concept.');
    expect(screen.getByText('Van: mr.jansen@advocaten.nl')).toBeInTheDocument();
    await expectAccessible();
  });

  it('downloads an attachment under its original name with the exact bytes', async () => {
    const server = await standInServer();
    const view = renderReader(server);
    const user = await enterCode('zaak-4711');
    await user.click(await screen.findByRole('button', { name: 'concept vso (versie 2).pdf downloaden' }));
    await waitFor(() => expect(view.downloads).toHaveLength(1));
    expect(view.downloads[0]!.name).toBe('concept vso (versie 2).pdf');
    expect(view.downloads[0]!.type).toBe('application/pdf');
    expect(Buffer.from(view.downloads[0]!.data).equals(Buffer.from(attachment))).toBe(true);
  });

  it('a wrong code is refused with a clear message and the code can be tried again', async () => {
    const server = await standInServer();
    renderReader(server);
    await enterCode('zaak-4712');
    expect(await screen.findByRole('alert')).toHaveTextContent('Deze toegangscode opent het bericht niet');
    expect(screen.queryByRole('heading', { level: 1, name: SUBJECT })).toBeNull();
    await enterCode('zaak-4711');
    expect(await screen.findByRole('heading', { level: 1, name: SUBJECT })).toBeInTheDocument();
  });

  it('asks for the SMS code after the access code when the sender gave a mobile number', async () => {
    const server = await standInServer({ sms: true });
    renderReader(server);
    const user = await enterCode('zaak-4711');
    expect(await screen.findByText(/eindigt op 78/)).toBeInTheDocument();
    await expectAccessible();
    const input = screen.getByLabelText(/Sms-code/);
    await user.type(input, '111111');
    await user.click(screen.getByRole('button', { name: 'Bevestigen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('sms-code is niet juist');
    await user.clear(input);
    await user.type(input, '246810{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: SUBJECT })).toBeInTheDocument();
    expect(server.calls.open.map((c) => c.smsCode ?? null)).toEqual([null, '111111', '246810']);
  });

  it('can be done with the keyboard alone', async () => {
    const server = await standInServer();
    renderReader(server, { language: 'en' });
    const input = await screen.findByLabelText(/Access code/);
    const user = userEvent.setup();
    await act(async () => input.focus());
    await user.keyboard('zaak-4711{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: SUBJECT })).toBeInTheDocument();
    // The new screen's heading takes focus, and Tab reaches the download.
    expect(screen.getByRole('heading', { level: 1, name: SUBJECT })).toHaveFocus();
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await user.tab();
      reached = document.activeElement?.textContent === 'Download concept vso (versie 2).pdf';
    }
    expect(reached).toBe(true);
  });
});

describe('links and closed access', () => {
  it('with only the guest id (Zegel’s own mail) it asks for the sender’s full link, then continues', async () => {
    const server = await standInServer();
    renderReader(server, { fragment: `#guest=${server.guest.guestId}` });
    const user = userEvent.setup();
    const input = await screen.findByLabelText(/Link uit de e-mail van de afzender/);
    await expectAccessible();
    await user.type(input, 'https://zegel.example/app#guest=kapot');
    await user.click(screen.getByRole('button', { name: 'Doorgaan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('niet de volledige link');
    await user.clear(input);
    await user.type(input, server.link);
    await user.click(screen.getByRole('button', { name: 'Doorgaan' }));
    await enterCode('zaak-4711');
    expect(await screen.findByRole('heading', { level: 1, name: SUBJECT })).toBeInTheDocument();
  });

  it('says so when the access is locked, and asks no code', async () => {
    const server = await standInServer({ state: 'locked' });
    renderReader(server);
    expect(await screen.findByText(/Dit bericht is vergrendeld/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/Toegangscode/)).toBeNull();
  });

  it('says so when the access has expired, in English too', async () => {
    const server = await standInServer({ state: 'expired' });
    renderReader(server, { language: 'en' });
    expect(await screen.findByText('This message has expired. Ask the sender to send it again.')).toBeInTheDocument();
    await expectAccessible();
  });

  it('asks for the code again when the download token has run out', async () => {
    // Reading takes three fetches (manifest, subject, body); the token runs out after them.
    const server = await standInServer({ tokenUses: 3 });
    renderReader(server);
    const user = await enterCode('zaak-4711');
    // The message itself was read with the token; the first download afterwards finds it refused.
    await user.click(await screen.findByRole('button', { name: 'concept vso (versie 2).pdf downloaden' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Voer de toegangscode opnieuw in');
    expect(screen.getByLabelText(/Toegangscode/)).toBeInTheDocument();
  });
});

describe('replying', () => {
  it('refuses a broken PDF in the pre-flight, then sends a reply only the sender can read, signed by the guest key', async () => {
    const server = await standInServer();
    renderReader(server);
    const user = await enterCode('zaak-4711');
    await user.type(await screen.findByLabelText(/Uw antwoord/), 'Akkoord, getekend retour.');
    const picker = screen.getByLabelText('Bijlagen toevoegen');
    await user.upload(picker, new File([new Uint8Array(await truncatedPdf())], 'getekend.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByRole('button', { name: 'Antwoord veilig versturen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('getekend.pdf: de PDF is onvolledig');
    expect(server.calls.replyLayout).toBeNull();

    await user.click(screen.getByRole('button', { name: 'getekend.pdf verwijderen' }));
    const signed = await goodPdf('Getekend', 1);
    await user.upload(picker, new File([new Uint8Array(signed)], 'getekend.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByRole('button', { name: 'Antwoord veilig versturen' }));
    expect(await screen.findByText('Uw antwoord is veilig verstuurd.')).toBeInTheDocument();
    expect(server.calls.committed).toBe(true);
    await expectAccessible();

    // What reached the server opens with the sender's key and is signed by this guest's key.
    const reply = await decryptMessage({
      parts: server.calls.replyLayout!,
      fetchChunk: async (partId, index) => server.calls.replyChunks.get(`${partId}/${index}`)!,
      decryptionKeys: [sender.privateKey],
      expectedSigners: [server.guest.publicKey],
    });
    expect(reply.subject).toBe(`Re: ${SUBJECT}`);
    expect(reply.body).toBe('Akkoord, getekend retour.');
    expect(reply.attachments[0]!.name).toBe('getekend.pdf');
    expect(Buffer.from(reply.attachments[0]!.data).equals(Buffer.from(signed))).toBe(true);
  });
});
