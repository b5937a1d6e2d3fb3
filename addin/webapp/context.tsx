// What every web app screen reaches: the props of <WebApp> (API, keys, account, language, trust
// settings, download) and two things loaded once and shared: the crypto module (import() on first
// use) and the reader's keys (her own, plus the unit keys a clerk holds, unwrapped in this browser).
import { createContext, useCallback, useContext, useMemo, useRef } from 'react';
import { saveBlob } from '../browser/save-file';
import type { PrivateKey } from 'openpgp';
import type { FingerprintMemory } from '../../shared/keys/trust';
import type { RetryPolicy } from '../secure-send/send-flow';
import { isSessionOver } from '../secure-send/types';
import type { WebAppCrypto } from './crypto-loader';
import { senderKey, unlockUnitKeys, type SignerCheck, type UnitKeys } from './reading';
import { webTexts, type WebAppTexts } from './texts';
import type { Language, Membership, MessageSummary, SenderKeys, WebAppApi } from './types';

/** A file for the user to save: attachments keep their original name and type. */
export interface DownloadFile {
  fileName: string;
  contentType: string;
  pieces: readonly (Uint8Array | string)[];
}

export interface WebAppSettings {
  api: WebAppApi;
  keys: SenderKeys;
  account: { accountId: string; email: string };
  language: Language;
  courtKeyPins: readonly string[];
  fingerprintMemory: FingerprintMemory;
  /** Who signs receipts: the API's public origin (the receipt's `iss`). */
  receiptIssuer: string;
  loadCrypto: () => Promise<WebAppCrypto>;
  download: (file: DownloadFile) => void;
  retry: RetryPolicy;
  /** Plaintext bytes per chunk when sending; the crypto's default (4 MiB) when absent. */
  chunkSize: number | undefined;
  /**
   * The key of another clerk who wrapped a unit key to this user, when the host can name it from a
   * source of its own; otherwise the key the API returns with the wrap is used.
   */
  clerkKey: ((accountId: string) => Promise<string | null>) | undefined;
  onSessionEnded: (() => void) | undefined;
}

export interface WebAppContextValue extends WebAppSettings {
  t: WebAppTexts;
  crypto: () => Promise<WebAppCrypto>;
  memberships: () => Promise<Membership[]>;
  /** Own key first, then every unit key the user holds. */
  decryptionKeys: () => Promise<PrivateKey[]>;
  /** The unit keys a clerk holds, by unit id. */
  unitKeys: () => Promise<Map<string, UnitKeys>>;
  /** The keys a message may be signed by (see reading.ts senderKey). */
  signers: (message: Pick<MessageSummary, 'sender'>) => Promise<SignerCheck>;
  /**
   * For a clerk: the current key of the court unit the directory names for her own address, which
   * signs her replies (readers verify them against the pinned court key); null for everyone else.
   */
  courtSigningKey: () => Promise<PrivateKey | null>;
  /** Tells the host when a failure means the session is over; true then. */
  sessionOver: (error: unknown) => boolean;
}

const Context = createContext<WebAppContextValue | null>(null);

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let held: Promise<T> | null = null;
  return () => {
    held ??= make().catch((error: unknown) => {
      held = null;
      throw error;
    });
    return held;
  };
}

export function WebAppProvider(props: { settings: WebAppSettings; children: React.ReactNode }) {
  const { settings } = props;
  const loaders = useRef<Pick<WebAppContextValue, 'crypto' | 'memberships' | 'decryptionKeys' | 'unitKeys' | 'signers' | 'courtSigningKey'> | null>(null);
  if (!loaders.current) {
    const crypto = once(settings.loadCrypto);
    const memberships = once(() => settings.api.memberships());
    const unitKeys = once(async () => unlockUnitKeys({ crypto: await crypto(), keys: settings.keys, memberships: await memberships(), ...(settings.clerkKey ? { clerkKey: settings.clerkKey } : {}) }));
    const decryptionKeys = once(async () => [settings.keys.privateKey, ...[...(await unitKeys()).values()].flatMap((k) => k.all)]);
    const signers = async (message: Pick<MessageSummary, 'sender'>) => {
      const unitPublicKeys = [...(await unitKeys()).values()].flatMap((k) => k.all.map((key) => key.toPublic()));
      return senderKey({ api: settings.api, crypto: await crypto(), keys: settings.keys, unitPublicKeys, message, memory: settings.fingerprintMemory, courtKeyPins: settings.courtKeyPins });
    };
    const courtSigningKey = once(async () => {
      if ((await memberships()).every((m) => m.key === null)) return null;
      const [own] = await settings.api.lookupKeys([settings.account.email]);
      return own?.kind === 'unit' && own.unitId ? ((await unitKeys()).get(own.unitId)?.current ?? null) : null;
    });
    loaders.current = { crypto, memberships, decryptionKeys, unitKeys, signers, courtSigningKey };
  }
  const { onSessionEnded } = settings;
  const sessionOver = useCallback(
    (error: unknown) => {
      if (!isSessionOver(error)) return false;
      onSessionEnded?.();
      return true;
    },
    [onSessionEnded],
  );
  const value = useMemo<WebAppContextValue>(() => ({ ...settings, ...loaders.current!, t: webTexts(settings.language), sessionOver }), [settings, sessionOver]);
  return <Context.Provider value={value}>{props.children}</Context.Provider>;
}

export function useWebApp(): WebAppContextValue {
  const value = useContext(Context);
  if (!value) throw new Error('useWebApp outside WebAppProvider');
  return value;
}

/** Saves through a download link: Blob from the verified pieces, the original name, then revoked. */
export function browserDownload(file: DownloadFile): void {
  saveBlob(new Blob(file.pieces as BlobPart[], { type: file.contentType }), file.fileName);
}
