// Renders SecureSendPane as the taskpane will: inside a FluentProvider, with the real Office adapters
// over the Office.js simulator, the fake API of fixtures.ts, real crypto (spied on) and fake timers
// for the retry pauses. jest-axe checks every state it is asked to.
import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe, toHaveNoViolations } from 'jest-axe';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { SecureSendPane, type SecureSendPaneProps } from '../../../addin/secure-send/SecureSendPane';
import { officeCompose } from '../../../addin/secure-send/office-compose';
import { loadSendCrypto, type SendCrypto } from '../../../addin/secure-send/crypto-loader';
import { memoryPendingSends } from '../../../addin/secure-send/send-flow';
import { decryptMessage, type DecryptedMessage } from '../../../shared/crypto/messages';
import type { PrivateKey, PublicKey } from 'openpgp';
import { ISSUER, memoryFingerprints, senderKeys, type FakeServer, type TestKey } from './fixtures';

expect.extend(toHaveNoViolations);
// Real OpenPGP and pdf-lib run inside these flows; give them time on a busy CI machine.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);

export { screen, userEvent, waitFor };

export async function expectAccessible(container: Element = document.body): Promise<void> {
  // Colour contrast cannot be computed in jsdom.
  expect(await axe(container, { rules: { 'color-contrast': { enabled: false } } })).toHaveNoViolations();
}

export interface Spied {
  crypto: SendCrypto;
  encryptMessage: jest.Mock;
}

/** The real crypto module, with encryptMessage spied on (to prove a refused message was never encrypted). */
export async function spiedCrypto(): Promise<Spied> {
  const real = await loadSendCrypto();
  const encryptMessage = jest.fn(real.encryptMessage);
  return { crypto: { ...real, encryptMessage }, encryptMessage };
}

export function paneProps(
  options: { server: FakeServer; accountId: string; key: TestKey; pins: string[]; crypto: SendCrypto; language?: 'nl' | 'en' } & Partial<Omit<SecureSendPaneProps, 'download'>>,
): SecureSendPaneProps & { fingerprints: ReturnType<typeof memoryFingerprints>; download: jest.Mock } {
  const { server, accountId, key, pins, crypto, language, ...rest } = options;
  const fingerprints = memoryFingerprints();
  const download = jest.fn();
  return {
    compose: officeCompose(),
    api: server.api,
    keys: senderKeys(accountId, key),
    courtKeyPins: pins,
    fingerprintMemory: fingerprints,
    language: language ?? 'nl',
    receiptIssuer: ISSUER,
    pendingSends: memoryPendingSends(),
    loadCrypto: () => Promise.resolve(crypto),
    retryDelaysMs: [0, 0],
    sleep: () => Promise.resolve(),
    download,
    fingerprints,
    ...rest,
  };
}

export function renderPane(props: SecureSendPaneProps) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <SecureSendPane {...props} />
    </FluentProvider>,
  );
}

/** The pane has read the draft and the principals: the send button is there. */
export async function paneReady(name: RegExp | string = 'Controleren en veilig versturen'): Promise<HTMLElement> {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(screen.queryByText(/Het concept wordt gelezen|Reading the draft/)).toBeNull());
  return button;
}

/** Reads what the fake server stored for a message, as a recipient with `key` would. */
export async function readStored(server: FakeServer, messageId: string, decryptionKey: PrivateKey, signer: PublicKey): Promise<DecryptedMessage> {
  const stored = server.messages.get(messageId);
  if (!stored) throw new Error(`no message ${messageId}`);
  const options = {
    parts: stored.request.parts,
    fetchChunk: (partId: string, index: number) => {
      const chunk = stored.chunks.get(`${partId}/${index}`);
      return chunk ? Promise.resolve(chunk.bytes) : Promise.reject(new Error(`no chunk ${partId}/${index}`));
    },
    decryptionKeys: [decryptionKey],
    expectedSigners: [signer],
  };
  return decryptMessage(options);
}
