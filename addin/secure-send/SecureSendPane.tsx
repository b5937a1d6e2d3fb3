// Secure send: shows the draft (recipients with the court marked, From and the principal, the
// attachments), runs the pre-flight checks, then encrypts in the pane, uploads with resume, verifies
// the receipt and turns the draft into an evidence note. A recipient without a key (never a court
// address) can be given an access code, with a mobile number for an SMS gate if the user wants; after
// the receipt the pane shows each such guest's link and code to pass on, and nothing else keeps them.
// Everything it touches comes in as props (Office adapters, API, keys, pins, fingerprint memory), so
// tests render it with plain fakes.
// Until the receipt is verified the draft is only read, never written: any failure leaves it as it
// was. Flow and states: README.md beside this file.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { saveBlob } from '../browser/save-file';
import { Body1, Button, Field, ProgressBar, Subtitle1, Subtitle2, Text } from '@fluentui/react-components';
import type { FingerprintMemory } from '../../shared/keys/trust';
import { addressPart, isCourtAddress } from '../../shared/court/recipients';
import { guestLink } from '../../shared/crypto/guest-link';
import {
  AttachmentList,
  BlockerPanel,
  ConfirmPanel,
  FocusHeading,
  GuestAccessPanel,
  GuestChoicePanel,
  PrincipalPicker,
  ReceiptPanel,
  RecipientList,
  useStyles,
  type GuestAccessView,
  type GuestChoice,
  type GuestFieldProblems,
} from './components';
import { loadSendCrypto, type GuestKdf, type SendCrypto } from './crypto-loader';
import { OutlookTooOldError, readDraft, type DraftSnapshot } from './draft';
import { EvidenceError, makeEvidenceCopy, type EvidenceOutcome } from './evidence';
import { ADDIN_MAX_TOTAL_BYTES, DEFAULT_RETRY_DELAYS_MS } from './limits';
import type { Blocker, Confirmation, KeyFacts } from './preflight';
import { buildReceiptView, receiptJson, receiptSummaryHtml, type ReceiptView } from './receipt-view';
import { readDelegateKeys } from './read-delegates';
import { normalisePhoneNumber, phoneLast2 } from '../../shared/phone/numbers';
import { draftFingerprint, pageWidePendingSends, prepareSend, realSleep, SendFlowError, uploadPrepared, verifyAndMatch, type GuestSend, type GuestSpec, type PendingSendStore } from './send-flow';
import { textsFor, type SecureSendTexts } from './texts';
import { isSecureSendApiError, isSessionOver, isTransient, NO_DELEGATIONS, SecureSendApiError, type ComposeCapabilities, type Language, type PrincipalInfo, type PrincipalsAnswer, type SecureSendApi, type SenderKeys } from './types';

export interface SecureSendPaneProps {
  /** The draft, through the Office adapters (officeCompose() in Outlook). */
  compose: ComposeCapabilities;
  api: SecureSendApi;
  /** The signed-in user's unlocked keys. */
  keys: SenderKeys;
  /** Court unit key fingerprints built into the add-in (COURT_KEY_PINS); empty trusts no court key. */
  courtKeyPins: readonly string[];
  /** Trust on first use for people's keys (e.g. backed by localStorage). */
  fingerprintMemory: FingerprintMemory;
  language: Language;
  /** Who signs receipts: the API's public origin (the receipt's `iss`). */
  receiptIssuer: string;
  /** Where an interrupted send waits to be resumed; the page-wide memory store by default. */
  pendingSends?: PendingSendStore;
  /** Loads openpgp, jose and pdf-lib on first use; tests may pass the loaded module. */
  loadCrypto?: () => Promise<SendCrypto>;
  /** Saves the receipt JSON; a browser download by default. */
  download?: (file: { fileName: string; text: string }) => void;
  /** The Zegel web app, for files too large for Outlook. */
  webAppUrl?: string;
  /** Pauses between attempts of a failing upload (tests pass zeros). */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Called when the API says the session is over; the host shows its login. */
  onSessionEnded?: () => void;
  /** The KDF cost of guests' access codes: production cost unless given (tests pass the test profile). */
  guestKdf?: GuestKdf;
  /** Where guests open their link (`<base>/app#guest=…`): the API's public origin, `receiptIssuer`, by default. */
  guestLinkBaseUrl?: string;
  /** Puts a guest's link or code on the clipboard; the browser's clipboard by default. */
  copyText?: (text: string) => Promise<void>;
  /** Called once the receipt is verified and the evidence note is done (or failed). */
  onSent?: (result: { messageId: string; evidence: EvidenceOutcome | 'failed' }) => void;
}

type Step = keyof SecureSendTexts['step'];

type Phase =
  | { kind: 'loading' }
  | { kind: 'load-failed'; text: string }
  | { kind: 'ready'; notice?: string }
  | { kind: 'working'; step: Step; done?: number; total?: number }
  | { kind: 'blocked'; blockers: Blocker[] }
  | { kind: 'guests' }
  | { kind: 'confirm'; confirmations: Confirmation[] }
  // `committed`: the failure came after the commit, so the message and its guests' access exist; their
  // links and codes stay on screen (this page's memory only), marked as that message's.
  // `offered`: the commit was asked for and not answered, so the message may be delivered.
  | { kind: 'failed'; text: string; retry: boolean; afterCommit?: boolean; offered?: boolean; committed?: { messageId: string; guests: Sent['guests'] } }
  | { kind: 'done'; view: ReceiptView; guests: Sent['guests']; evidence: 'working' | EvidenceOutcome | { failed: string } };

/** What the receipt screen keeps of the guests: shown to the user, never written into the note (evidence.ts). */
interface Sent {
  guests: (GuestAccessView & { linkSecret: string })[];
}

/** The browser's clipboard (also the web app's send view's default). */
export async function clipboardCopy(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
  await navigator.clipboard.writeText(text);
}

/** What the receipt screen shows per guest: the link (with the fragment secret) and the code (also the web app's send view's). */
export function sentGuests(prepared: { readonly guests: readonly GuestSend[] }, baseUrl: string): Sent['guests'] {
  return prepared.guests.map((g) => ({
    address: g.guest.address,
    link: guestLink({ baseUrl, guestId: g.guest.guestId, secret: g.guest.secret }),
    linkSecret: g.guest.secret,
    accessCode: g.guest.accessCode,
    mobileLast2: g.mobile ? phoneLast2(g.mobile) : null,
    expiresInDays: g.stored?.expiresInDays ?? null,
  }));
}

function browserDownload(file: { fileName: string; text: string }): void {
  saveBlob(new Blob([file.text], { type: 'application/json;charset=utf-8' }), file.fileName);
}

const lower = (address: string | null | undefined) => (address ?? '').trim().toLowerCase();
/** What the directory accepts; anything else goes to the checks unlooked-up and is named there. */
const LOOKUP_ADDRESS = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]+$/;

/** The user herself when the server lists no choices (no delegations). */
function selfInfo(keys: SenderKeys, email: string): PrincipalInfo {
  return { accountId: keys.accountId, email, self: true, professional: { number: null, kind: null, courtConnectionActive: false }, publicKey: null, fingerprint: null };
}

export function SecureSendPane(props: SecureSendPaneProps) {
  const { compose, api, keys, language } = props;
  const t = textsFor(language);
  const styles = useStyles();
  const store = props.pendingSends ?? pageWidePendingSends;
  const loadCrypto = props.loadCrypto ?? loadSendCrypto;
  const retry = useMemo(() => ({ delaysMs: props.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: props.sleep ?? realSleep }), [props.retryDelaysMs, props.sleep]);

  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [draft, setDraft] = useState<DraftSnapshot | null>(null);
  const [principals, setPrincipals] = useState<PrincipalsAnswer | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());
  // Recipients without a key that may get an access code (from the last check), and the user's choices.
  const [guestAddresses, setGuestAddresses] = useState<readonly string[]>([]);
  const [guestChoices, setGuestChoices] = useState<Readonly<Record<string, GuestChoice>>>({});
  const [guestProblems, setGuestProblems] = useState<Readonly<Record<string, GuestFieldProblems>>>({});
  const [codeMinLength, setCodeMinLength] = useState(0);
  const running = useRef(false);
  const mounted = useRef(true);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const update = useCallback((next: Phase) => {
    if (mounted.current) setPhase(next);
  }, []);

  const selfEmail = principals?.choices.find((p) => p.self)?.email ?? compose.mailboxAddress() ?? draft?.from?.emailAddress ?? '';
  const choices = useMemo(() => {
    const listed = principals?.choices ?? [];
    return listed.length > 0 ? listed : [selfInfo(keys, selfEmail)];
  }, [principals, keys, selfEmail]);
  const principal = choices.find((p) => p.accountId === selected) ?? null;

  function failedLoad(error: unknown): Phase {
    if (isSessionOver(error)) {
      props.onSessionEnded?.();
      return { kind: 'load-failed', text: t.failure.session };
    }
    if (error instanceof OutlookTooOldError) return { kind: 'load-failed', text: t.failure.outlookTooOld };
    if (error instanceof SecureSendApiError) return { kind: 'load-failed', text: t.principalsUnavailable };
    return { kind: 'load-failed', text: t.loadFailed };
  }

  /** Reads the draft and whom the From address points to; keeps a still-valid choice of principal. */
  async function load(): Promise<{ draft: DraftSnapshot; answer: PrincipalsAnswer } | null> {
    try {
      const snapshot = await readDraft(compose);
      // A 404 means no delegations (http.ts already answers so; other implementations may throw it).
      const answer = await api.principals({ from: snapshot.from?.emailAddress ?? null }).catch((error: unknown) => {
        if (isSecureSendApiError(error, 'NOT_FOUND')) return NO_DELEGATIONS;
        throw error;
      });
      if (!mounted.current) return null;
      setDraft(snapshot);
      setPrincipals(answer);
      setSelected((current) => {
        const ids = answer.choices.map((c) => c.accountId);
        if (ids.length === 0) return keys.accountId;
        if (current !== null && ids.includes(current)) return current;
        return answer.suggested ?? (ids.length === 1 ? (ids[0] ?? null) : null);
      });
      return { draft: snapshot, answer };
    } catch (error) {
      update(failedLoad(error));
      return null;
    }
  }

  async function refresh(): Promise<void> {
    if (running.current) return;
    running.current = true;
    update({ kind: 'loading' });
    try {
      if (await load()) update({ kind: 'ready' });
    } finally {
      running.current = false;
    }
  }

  // Once, when the pane opens: the draft as it is now (Refresh and Send read it again).
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    void refresh();
  });

  useEffect(() => {
    if (phase.kind === 'blocked' || phase.kind === 'guests' || phase.kind === 'confirm' || phase.kind === 'failed' || phase.kind === 'done' || phase.kind === 'load-failed') resultHeading.current?.focus();
  }, [phase.kind]);

  /**
   * `committedId`: the message was committed before the failure, so it was delivered whatever failed after.
   * `offeredId`: the commit was asked for without an answer seen, so the message may be delivered already.
   */
  function failureOf(error: unknown, fingerprint: string | null, committedId: string | null, offeredId: string | null): { text: string; retry: boolean } {
    if (committedId === null && offeredId !== null && !(error instanceof SendFlowError)) {
      // The prepared send stays: sending again with the same draft reaches the same message, whose commit answers with its receipt.
      if (isSessionOver(error)) {
        props.onSessionEnded?.();
        return { text: t.failure.commitUnanswered.session(offeredId), retry: true };
      }
      return { text: t.failure.commitUnanswered.retry(offeredId), retry: true };
    }
    if (committedId !== null && !(error instanceof SendFlowError)) {
      // Sending again with the same draft reaches the same message and only checks its receipt.
      if (isSessionOver(error)) {
        props.onSessionEnded?.();
        return { text: t.failure.afterCommit.session(committedId), retry: true };
      }
      return { text: isTransient(error) ? t.failure.afterCommit.network(committedId) : t.failure.afterCommit.other(committedId), retry: true };
    }
    if (isSessionOver(error)) {
      props.onSessionEnded?.();
      return { text: t.failure.session, retry: true };
    }
    if (isTransient(error)) return { text: t.failure.network, retry: true };
    const restart = () => {
      if (fingerprint) store.forget(fingerprint);
      return { text: t.failure.restart, retry: true };
    };
    if (error instanceof SecureSendApiError) {
      if (error.code === 'FORBIDDEN') return { text: t.failure.forbidden, retry: false };
      if (error.code === 'COURT_CONNECTION_REQUIRED') return { text: t.failure.courtConnection, retry: false };
      if (error.code === 'RECIPIENT_WITHOUT_KEY') return { text: t.failure.withoutKey, retry: false };
      if (error.code === 'PAYLOAD_TOO_LARGE') return { text: t.failure.tooLarge, retry: false };
      if (error.code === 'PHONE_INVALID') return { text: t.failure.guests, retry: true };
      if (error.code === 'IDEMPOTENCY_KEY_REUSED') return restart();
      return { text: t.failure.other, retry: true };
    }
    if (error instanceof SendFlowError) {
      if (error.code === 'STORED_DIFFERENT' || error.code === 'MESSAGE_NOT_OPEN') return restart();
      if (error.code === 'GUESTS_NOT_STORED') return { text: t.failure.guests, retry: true };
      // The message is committed: the prepared send stays, so pressing Send again reaches the same
      // message (and the same verdict) instead of filing a second copy with the court.
      return { text: t.failure.receiptInvalid(error.messageId ?? '?'), retry: false };
    }
    if (error instanceof OutlookTooOldError) return { text: t.failure.outlookTooOld, retry: false };
    if ((error as { name?: unknown } | null)?.name === 'OfficeError') return { text: t.failure.readDraft, retry: true };
    if ((error as { name?: unknown; code?: unknown } | null)?.name === 'CryptoError' && (error as { code?: unknown }).code === 'KEY_UNUSABLE') return { text: t.failure.keyUnusable, retry: false };
    return { text: t.failure.other, retry: true };
  }

  async function runEvidence(view: ReceiptView, guests: Sent['guests'], subject: string, attachmentIds: readonly string[]): Promise<void> {
    update({ kind: 'done', view, guests, evidence: 'working' });
    let outcome: EvidenceOutcome | 'failed';
    try {
      const secrets = guests.flatMap((g) => [g.link, g.linkSecret]);
      outcome = await makeEvidenceCopy({ compose, subject, subjectPrefix: t.note.subjectPrefix, bodyHtml: receiptSummaryHtml(view, language), attachmentIds, secrets });
      update({ kind: 'done', view, guests, evidence: outcome });
    } catch (error) {
      outcome = 'failed';
      const text = error instanceof EvidenceError && error.step === 'own-address' ? t.evidence.noOwnAddress : t.evidence.failed;
      update({ kind: 'done', view, guests, evidence: { failed: text } });
    }
    props.onSent?.({ messageId: view.messageId, evidence: outcome });
  }

  async function retryEvidence(view: ReceiptView, guests: Sent['guests'], snapshot: DraftSnapshot): Promise<void> {
    if (running.current) return;
    running.current = true;
    try {
      await runEvidence(view, guests, snapshot.subject, snapshot.attachments.map((a) => a.id));
    } finally {
      running.current = false;
    }
  }

  async function send(): Promise<void> {
    if (running.current) return;
    running.current = true;
    let fingerprint: string | null = null;
    let committed: { messageId: string; guests: Sent['guests'] } | null = null;
    let offered: string | null = null;
    try {
      update({ kind: 'working', step: 'reading' });
      const fromBefore = lower(draft?.from?.emailAddress);
      const loaded = await load();
      if (!loaded) return;
      const current = loaded.draft;
      const answer = loaded.answer.choices.length > 0 ? loaded.answer : NO_DELEGATIONS;
      // A changed From may mean another mailbox: with someone to choose from, the user confirms again.
      if (answer.choices.length > 1 && lower(current.from?.emailAddress) !== fromBefore) {
        update({ kind: 'ready', notice: t.fromChanged });
        return;
      }
      const listed = answer.choices.length > 0 ? answer.choices : [selfInfo(keys, compose.mailboxAddress() ?? current.from?.emailAddress ?? '')];
      const chosen = listed.find((p) => p.accountId === (answer.choices.length === 0 ? keys.accountId : selected)) ?? null;
      // Someone else was chosen, and the list just reloaded no longer has them: the delegation ended.
      const principalEnded = chosen === null && selected !== null && selected !== keys.accountId;

      update({ kind: 'working', step: 'checking' });
      const crypto = await loadCrypto();
      const addresses = [...new Set(current.recipients.filter((r) => r.recipientType !== 'distributionList').map((r) => lower(addressPart(r.emailAddress))).filter((a) => LOOKUP_ADDRESS.test(a)))];
      const entries = addresses.length > 0 ? await api.lookupKeys(addresses) : [];
      const keyFacts: KeyFacts[] = await Promise.all(entries.map(async (entry) => ({ entry, actualFingerprint: entry.publicKey ? await crypto.fingerprintOf(entry.publicKey) : null })));
      const toCourt = current.recipients.some((r) => isCourtAddress(r.emailAddress));
      let courtConnection = null;
      if (toCourt && chosen) {
        if (chosen.self) {
          const status = await api.professionalStatus();
          courtConnection = { active: status.active, problems: status.problems };
        } else courtConnection = { active: chosen.professional.courtConnectionActive, problems: [] };
      }
      const result = await crypto.runPreflight({
        subject: current.subject,
        bodyText: current.bodyText,
        bodyBytes: new TextEncoder().encode(current.bodyHtml).length,
        recipients: current.recipients,
        attachments: current.attachments,
        keys: keyFacts,
        principal: chosen
          ? {
              accountId: chosen.accountId,
              email: chosen.email,
              self: chosen.self,
              publicKey: chosen.self ? null : chosen.publicKey,
              statedFingerprint: chosen.fingerprint,
              actualFingerprint: !chosen.self && chosen.publicKey ? await crypto.fingerprintOf(chosen.publicKey) : null,
              courtConnection,
            }
          : null,
        courtKeyPins: props.courtKeyPins,
        knownFingerprint: (address) => props.fingerprintMemory.get(address),
        guests: new Set(Object.entries(guestChoices).flatMap(([address, choice]) => (choice.give ? [address] : []))),
      });

      // Recipients without a key who may get an access code: a choice each, prefilled with a fresh code,
      // or with what a waiting send to them used (so a pane opened again resumes that send).
      const choices = { ...guestChoices };
      for (const address of result.guestCandidates) {
        if (choices[address]) continue;
        const pending = store.pendingGuest?.(address);
        choices[address] = pending ? { give: true, accessCode: pending.accessCode, mobile: pending.mobile ?? '' } : { give: false, accessCode: crypto.guests.generateAccessCode(), mobile: '' };
      }
      if (mounted.current) {
        setGuestAddresses(result.guestCandidates);
        setGuestChoices(choices);
        setCodeMinLength(crypto.guests.accessCodeLength.min);
        setGuestProblems({});
      }
      const onlyGuestsUndecided = result.blockers.length > 0 && result.blockers.every((b) => b.kind === 'recipient-without-key' && b.addresses.every((a) => result.guestCandidates.includes(a)));
      if (onlyGuestsUndecided && chosen) {
        update({ kind: 'guests' });
        return;
      }
      if (result.blockers.length > 0 || !chosen) {
        const blockers: Blocker[] = result.blockers.length > 0 ? result.blockers : [{ kind: 'no-principal' }];
        update({ kind: 'blocked', blockers: principalEnded ? blockers.map((b) => (b.kind === 'no-principal' ? { kind: 'no-principal', ended: true } : b)) : blockers });
        return;
      }
      // The guests' fields, checked before anything is encrypted: the code as shared/crypto enforces it,
      // the mobile number as the API will (E.164, Dutch numbers mobile).
      const guests: GuestSpec[] = [];
      const problems: Record<string, GuestFieldProblems> = {};
      for (const address of result.guests) {
        const choice = choices[address] ?? { give: true, accessCode: '', mobile: '' };
        const accessCode = choice.accessCode.trim();
        const code = crypto.guests.checkAccessCode(accessCode);
        const mobile = choice.mobile.trim() === '' ? null : normalisePhoneNumber(choice.mobile);
        const problem: GuestFieldProblems = {};
        if (!code.ok) problem.code = t.guest.codeProblem[code.reason](code.reason === 'too-short' ? crypto.guests.accessCodeLength.min : crypto.guests.accessCodeLength.max);
        if (mobile && !mobile.ok) problem.mobile = t.guest.mobileProblem[mobile.problem];
        if (problem.code ?? problem.mobile) problems[address] = problem;
        else guests.push({ address, accessCode, mobile: mobile?.ok ? mobile.e164 : null });
      }
      if (Object.keys(problems).length > 0) {
        if (mounted.current) setGuestProblems(problems);
        update({ kind: 'guests' });
        return;
      }
      if (result.confirmations.some((c) => !confirmed.has(c.id))) {
        update({ kind: 'confirm', confirmations: result.confirmations });
        return;
      }

      const message = {
        subject: current.subject,
        bodyHtml: current.bodyHtml,
        attachments: current.attachments.map((a) => ({ name: a.name, type: a.contentType, data: a.content ?? new Uint8Array(0) })),
      };
      // Addressees' read delegates, each only with a grant the addressee's own key signed.
      const principalFingerprint = chosen.self ? null : await crypto.fingerprintOf(chosen.publicKey ?? '');
      const readers = await readDelegateKeys({
        targets: result.targets,
        entries,
        check: crypto.trustedReadDelegates,
        now: new Date(),
        exclude: [keys.fingerprint, ...(principalFingerprint ? [principalFingerprint] : [])],
      });
      const targets = { targets: result.targets, readers: readers.keys, principalKey: result.principalKey, principalAccountId: chosen.self ? null : chosen.accountId, guests };
      fingerprint = await draftFingerprint(crypto, { ...message, bodyText: current.bodyText }, targets);
      let prepared = store.find(fingerprint);
      if (!prepared) {
        update({ kind: 'working', step: 'encrypting', done: 0, total: 1 });
        prepared = await prepareSend({ crypto, keys, message, send: targets, fingerprint, onProgress: (done, total) => update({ kind: 'working', step: 'encrypting', done, total }) });
        store.save(prepared);
      }
      const ready = prepared;
      update({ kind: 'working', step: 'uploading', done: 0, total: 1 });
      const { messageId, receipt: jws } = await uploadPrepared({
        api,
        prepared: ready,
        retry,
        onMessageId: () => store.save(ready),
        onProgress: (done, total) => update({ kind: 'working', step: 'uploading', done, total }),
        // A guest's reply goes to the keys sealed here: the user's and, when sent on behalf, the principal's.
        sealGuest: (guest, messageId) =>
          crypto.guests.sealGuestAccess({ guest, messageId, senderKey: keys.privateKey, replyFingerprints: [...new Set([keys.privateKey.getFingerprint(), ...(principalFingerprint ? [principalFingerprint] : [])])], kdf: props.guestKdf }),
        onGuests: () => update({ kind: 'working', step: 'guests' }),
        onCommitting: (messageId) => (offered = messageId),
      });
      // Committed: the guests get Zegel's notice now, so whatever fails from here on, their links and codes are shown.
      committed = { messageId, guests: sentGuests(ready, props.guestLinkBaseUrl ?? props.receiptIssuer) };

      update({ kind: 'working', step: 'verifying' });
      const payload = await verifyAndMatch({
        crypto,
        jws,
        jwks: await api.receiptKeys(),
        issuer: props.receiptIssuer,
        summary: ready.summary,
        expect: { messageId, principalAccountId: chosen.accountId, actorAccountId: keys.accountId, recipients: [...result.targets.map((x) => x.address), ...ready.guests.map((g) => g.guest.address)], toCourt: result.toCourt },
      });
      for (const r of result.remember) props.fingerprintMemory.set(r.address, r.fingerprint);
      store.forget(fingerprint);
      const view = buildReceiptView({
        payload,
        jws,
        manifest: ready.summary.manifest,
        subject: current.subject,
        principal: { email: chosen.email, self: chosen.self },
        actorEmail: listed.find((p) => p.self)?.email ?? compose.mailboxAddress(),
        recipients: current.recipients,
        guests: ready.guests.map((g) => g.guest.address),
      });
      await runEvidence(view, committed.guests, current.subject, current.attachments.map((a) => a.id));
    } catch (error) {
      update({
        kind: 'failed',
        ...failureOf(error, fingerprint, committed?.messageId ?? null, offered),
        ...(committed ? { afterCommit: true } : offered !== null && !(error instanceof SendFlowError) ? { offered: true } : {}),
        ...(committed && committed.guests.length > 0 ? { committed } : {}),
      });
    } finally {
      running.current = false;
    }
  }

  const busy = phase.kind === 'working' || phase.kind === 'loading';
  const draftAddresses = new Set((draft?.recipients ?? []).map((r) => lower(addressPart(r.emailAddress))));
  const shownGuests = guestAddresses.filter((a) => draftAddresses.has(a));
  const needsChoice = choices.length > 1 && principal === null;
  const done = phase.kind === 'done';
  // Guests' access of a committed message on screen: the choices that made it are no longer open.
  const committedGuests = phase.kind === 'failed' ? phase.committed : undefined;

  return (
    <section className={styles.pane} aria-labelledby="zs-title">
      <Subtitle1 as="h2" id="zs-title">
        {t.title}
      </Subtitle1>
      <Body1>{t.intro}</Body1>

      {phase.kind === 'loading' && (
        <div role="status">
          <Text>{t.loading}</Text>
        </div>
      )}

      {phase.kind === 'load-failed' && (
        <section className={styles.problems} aria-labelledby="zs-load-failed">
          <FocusHeading id="zs-load-failed" ref={resultHeading}>
            {t.failedHeading}
          </FocusHeading>
          <div role="alert">
            <Body1>{phase.text}</Body1>
          </div>
        </section>
      )}

      {draft && !done && (
        <>
          <RecipientList t={t} recipients={draft.recipients} />
          <PrincipalPicker
            t={t}
            from={draft.from?.emailAddress ?? null}
            choices={choices}
            candidates={principals?.candidates.map((c) => c.accountId) ?? []}
            selected={selected}
            disabled={busy}
            onSelect={setSelected}
            selfEmail={selfEmail}
          />
          <AttachmentList t={t} language={language} attachments={draft.attachments} maxBytes={ADDIN_MAX_TOTAL_BYTES} webAppUrl={props.webAppUrl} />
        </>
      )}

      {phase.kind === 'ready' && phase.notice && (
        <div role="status" className={styles.notice}>
          <Body1>{phase.notice}</Body1>
        </div>
      )}

      {phase.kind === 'blocked' && <BlockerPanel ref={resultHeading} t={t} language={language} blockers={phase.blockers} />}

      {!done && !committedGuests && phase.kind !== 'load-failed' && shownGuests.length > 0 && (
        <GuestChoicePanel
          ref={phase.kind === 'guests' ? resultHeading : undefined}
          t={t}
          addresses={shownGuests}
          choices={guestChoices}
          problems={guestProblems}
          codeMinLength={codeMinLength}
          disabled={busy}
          onChange={(address, choice) => setGuestChoices((previous) => ({ ...previous, [address]: choice }))}
        />
      )}

      {phase.kind === 'confirm' && (
        <ConfirmPanel
          ref={resultHeading}
          t={t}
          confirmations={phase.confirmations}
          confirmed={confirmed}
          disabled={busy}
          onToggle={(id, checked) =>
            setConfirmed((previous) => {
              const next = new Set(previous);
              if (checked) next.add(id);
              else next.delete(id);
              return next;
            })
          }
        />
      )}

      {phase.kind === 'failed' && (
        <section className={styles.problems} aria-labelledby="zs-failed">
          <FocusHeading id="zs-failed" ref={resultHeading}>
            {phase.afterCommit ? t.afterCommitHeading : phase.offered ? t.commitUnansweredHeading : t.failedHeading}
          </FocusHeading>
          <div role="alert">
            <Body1>{phase.text}</Body1>
          </div>
        </section>
      )}
      {committedGuests && <GuestAccessPanel t={t} guests={committedGuests.guests} committedMessageId={committedGuests.messageId} copyText={props.copyText ?? clipboardCopy} />}

      {phase.kind === 'working' && (
        <Field label={t.step[phase.step]} validationState="none">
          <ProgressBar value={phase.total ? (phase.done ?? 0) / phase.total : undefined} />
        </Field>
      )}
      <div role="status" aria-live="polite" className={styles.section}>
        {phase.kind === 'working' && <Text>{t.step[phase.step]}</Text>}
      </div>

      {!done && phase.kind !== 'load-failed' && (
        <div className={styles.actions}>
          {needsChoice && <Body1 id="zs-choose-first">{t.principalChooseFirst}</Body1>}
          <Button
            appearance="primary"
            disabledFocusable={busy || needsChoice || (phase.kind === 'failed' && !phase.retry)}
            aria-describedby={needsChoice ? 'zs-choose-first' : undefined}
            onClick={() => void send()}
          >
            {phase.kind === 'failed' && phase.retry ? t.retry : phase.kind === 'confirm' ? t.sendAfterConfirm : phase.kind === 'guests' ? t.sendWithGuests : t.send}
          </Button>
          <Button disabledFocusable={busy} onClick={() => void refresh()}>
            {t.refresh}
          </Button>
        </div>
      )}
      {phase.kind === 'load-failed' && (
        <div className={styles.actions}>
          <Button onClick={() => void refresh()}>{t.refresh}</Button>
        </div>
      )}

      {phase.kind === 'done' && (
        <>
          <ReceiptPanel
            ref={resultHeading}
            t={t}
            language={language}
            view={phase.view}
            onDownload={() => (props.download ?? browserDownload)({ fileName: t.receiptFileName(phase.view.messageId), text: receiptJson(phase.view) })}
          />
          {phase.guests.length > 0 && <GuestAccessPanel t={t} guests={phase.guests} copyText={props.copyText ?? clipboardCopy} />}
          <section className={styles.notice} aria-labelledby="zs-evidence">
            <Subtitle2 as="h3" id="zs-evidence">
              {t.evidenceHeading}
            </Subtitle2>
            {typeof phase.evidence === 'object' ? (
              <div role="alert">
                <Body1>{phase.evidence.failed}</Body1>
              </div>
            ) : (
              <div role="status">
                <Body1>{phase.evidence === 'working' ? t.evidence.working : phase.evidence === 'sent' ? t.evidence.sent : t.evidence.pressSend}</Body1>
              </div>
            )}
            {typeof phase.evidence === 'object' && draft && (
              <div className={styles.actions}>
                <Button onClick={() => void retryEvidence(phase.view, phase.guests, draft)}>{t.evidence.retry}</Button>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
