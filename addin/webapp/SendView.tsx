// Sending from the web app (also a reply in a thread): recipients, subject, text and files chosen with
// the file input. Secure send's pre-flight and panels decide and explain; the files are then encrypted
// and uploaded one chunk at a time straight from the File objects (send-stream.ts), with progress,
// resume after an interruption, and the receipt verified and shown. A recipient without a key (never a
// court address or an organisation unit) can be given an access code, with a mobile number for an SMS
// gate if the user wants: Secure send's panels ask and, after the commit, show each guest's link and
// code to pass on — also when what follows the commit fails, since the message was delivered then.
import { useId, useRef, useState } from 'react';
import { Body1, Button, Field, Input, ProgressBar, Textarea } from '@fluentui/react-components';
import { isCourtAddress } from '../../shared/court/recipients';
import { BlockerPanel, ConfirmPanel, GuestAccessPanel, GuestChoicePanel, PrincipalPicker, ReceiptPanel, type GuestAccessView, type GuestChoice, type GuestFieldProblems } from '../secure-send/components';
import { fileSize } from '../secure-send/limits';
import type { Blocker, Confirmation } from '../secure-send/preflight';
import { buildReceiptView, receiptJson, type ReceiptView } from '../secure-send/receipt-view';
import { clipboardCopy, sentGuests } from '../secure-send/SecureSendPane';
import { SendFlowError, verifyAndMatch } from '../secure-send/send-flow';
import { isSecureSendApiError, isTransient, NO_DELEGATIONS, type PrincipalInfo, type PrincipalsAnswer } from '../secure-send/types';
import { useWebApp } from './context';
import type { ReplyContext } from './MessageView';
import { checkGuestChoices, createStreamingSend, onlyGuestsUndecided, parseRecipients, runWebPreflight, type StreamingSend, type StreamingSendResult, type WebDraft } from './send-stream';
import { sendTexts } from './texts';
import { Alert, ScreenHeading, useLoaded, useWebStyles } from './ui';

/** A message the server committed: delivered, whatever fails after; its guests' links and codes (this page's memory only). */
interface Committed {
  messageId: string;
  guests: GuestAccessView[];
}

type Phase =
  | { kind: 'editing' }
  | { kind: 'checking' }
  | { kind: 'blocked'; blockers: Blocker[] }
  | { kind: 'guests' }
  | { kind: 'confirm'; confirmations: Confirmation[] }
  | { kind: 'uploading'; done: number; total: number }
  | { kind: 'sealing' }
  | { kind: 'verifying' }
  // `committed`: the failure came after the commit; `resumable` then means the receipt can be checked again.
  // `unanswered`: the commit was asked for but not answered, so the message may be delivered: resume only, never afresh.
  | { kind: 'failed'; resumable: boolean; text: string; committed?: Committed; unanswered?: boolean }
  | { kind: 'done'; view: ReceiptView; guests: GuestAccessView[] };

type Finish = (result: StreamingSendResult) => Promise<void>;

function replySubject(subject: string): string {
  return /^(re|antw):/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

export function SendView(props: { reply?: ReplyContext | undefined; onSent?: (messageId: string) => void }) {
  const app = useWebApp();
  const { api, t, language, keys } = app;
  const web = t.send;
  const styles = useWebStyles();
  const headingId = useId();
  const fileInputId = useId();
  const [recipients, setRecipients] = useState(props.reply ? props.reply.to.join(', ') : '');
  const [subject, setSubject] = useState(props.reply ? replySubject(props.reply.subject) : '');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  // Recipients without a key that may get an access code (from the last check), and the user's choices.
  const [guestAddresses, setGuestAddresses] = useState<readonly string[]>([]);
  const [guestChoices, setGuestChoices] = useState<Readonly<Record<string, GuestChoice>>>({});
  const [guestProblems, setGuestProblems] = useState<Readonly<Record<string, GuestFieldProblems>>>({});
  const [codeMinLength, setCodeMinLength] = useState(0);
  // A reply signed for the court offers no access code: a guest checks the signature against the sender's own key.
  const [offerGuests, setOfferGuests] = useState(true);
  const st = sendTexts(language, { guests: offerGuests });
  // `result`: what the commit answered, kept so that a failure after it only checks the receipt again.
  const sending = useRef<{ send: StreamingSend; finish: Finish; result: StreamingSendResult | null } | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const [principals] = useLoaded<PrincipalsAnswer>('principals', () => api.principals({ from: null }).catch(() => NO_DELEGATIONS));
  const self: PrincipalInfo = { accountId: keys.accountId, email: app.account.email, self: true, professional: { number: null, kind: null, courtConnectionActive: false }, publicKey: null, fingerprint: null };
  const choices = principals.state === 'ready' && principals.value.choices.length > 0 ? principals.value.choices : [self];
  const principal = choices.length === 1 ? choices[0] : choices.find((c) => c.accountId === selected);
  const busy = phase.kind === 'checking' || phase.kind === 'uploading' || phase.kind === 'sealing' || phase.kind === 'verifying';

  /** After the commit the message is delivered: a failure says so, and what can be done is checking its receipt again. */
  function afterCommit(error: unknown, messageId: string): { resumable: boolean; text: string } {
    if (app.sessionOver(error)) return { resumable: false, text: web.afterCommit.session(messageId) };
    if (error instanceof SendFlowError) return { resumable: false, text: web.afterCommit.receiptInvalid(messageId) };
    return { resumable: true, text: isTransient(error) ? web.afterCommit.network(messageId) : web.afterCommit.other(messageId) };
  }

  async function upload(): Promise<void> {
    const current = sending.current;
    if (!current) return;
    try {
      current.result ??= await current.send.run({ retry: app.retry, onProgress: (done, total) => setPhase({ kind: 'uploading', done, total }), onGuests: () => setPhase({ kind: 'sealing' }) });
    } catch (error) {
      const unanswered = current.send.commitAttempted;
      if (app.sessionOver(error)) {
        setPhase({ kind: 'failed', resumable: current.send.resumable, text: t.sessionEnded, unanswered });
        return;
      }
      // The API refused a guest's access (its mobile number, say): the user corrects the choice and sends afresh.
      const guestsRefused = (error instanceof SendFlowError && error.code === 'GUESTS_NOT_STORED') || isSecureSendApiError(error, 'PHONE_INVALID');
      const resumable = current.send.resumable && !(error instanceof SendFlowError) && !guestsRefused;
      if (!resumable) sending.current = null;
      // A SendFlowError is the server's own answer that the message was not committed (or cannot be continued).
      const text = guestsRefused ? web.guestsRefused : !resumable ? web.restartNeeded : unanswered ? web.commitUnanswered : web.interrupted;
      setPhase({ kind: 'failed', resumable, text, unanswered: unanswered && resumable });
      return;
    }
    const result = current.result;
    // Committed: the guests got Zegel's notice, so from here on their links and codes stay on screen.
    const committed: Committed = { messageId: result.messageId, guests: sentGuests(current.send, app.receiptIssuer) };
    try {
      setPhase({ kind: 'verifying' });
      await current.finish(result);
    } catch (error) {
      setPhase({ kind: 'failed', ...afterCommit(error, result.messageId), committed });
    }
  }

  async function check(): Promise<void> {
    if (busy || !principal) return;
    setPhase({ kind: 'checking' });
    try {
      const crypto = await app.crypto();
      const draft: WebDraft = { recipients: parseRecipients(recipients), subject, body, files, ...(props.reply ? { inReplyTo: props.reply.messageId } : {}) };
      // A clerk answers for the court: signed with the unit's key, and readable by the other clerks.
      const courtKey = await app.courtSigningKey();
      setOfferGuests(courtKey === null);
      const given = new Set(Object.entries(guestChoices).flatMap(([address, choice]) => (choice.give ? [address] : [])));
      const { result, delegateKeys, principalFingerprint } = await runWebPreflight({
        api,
        crypto,
        draft,
        principal,
        keys,
        courtKeyPins: app.courtKeyPins,
        memory: app.fingerprintMemory,
        now: new Date(),
        ...(courtKey ? {} : { guests: given }),
      });
      // Recipients without a key who may get an access code: a choice each, prefilled with a fresh code.
      const choices = { ...guestChoices };
      for (const address of result.guestCandidates) choices[address] ??= { give: false, accessCode: crypto.guests.generateAccessCode(), mobile: '' };
      setGuestAddresses(result.guestCandidates);
      setGuestChoices(choices);
      setCodeMinLength(crypto.guests.accessCodeLength.min);
      setGuestProblems({});
      if (onlyGuestsUndecided(result)) {
        setPhase({ kind: 'guests' });
        return;
      }
      if (result.blockers.length > 0) {
        setPhase({ kind: 'blocked', blockers: result.blockers });
        return;
      }
      const checked = checkGuestChoices({ addresses: result.guests, choices, crypto: crypto.guests, t: st });
      if (!checked.ok) {
        setGuestProblems(checked.problems);
        setPhase({ kind: 'guests' });
        return;
      }
      if (result.confirmations.some((c) => !confirmed.has(c.id))) {
        setPhase({ kind: 'confirm', confirmations: result.confirmations });
        return;
      }
      const guestAddressesSent = checked.guests.map((g) => g.address);
      const send = createStreamingSend({
        api,
        crypto,
        keys,
        draft: { ...draft, recipients: result.targets.map((x) => x.address) },
        recipientKeys: [...result.targets.map((x) => x.publicKey), ...delegateKeys, ...(result.principalKey ? [result.principalKey] : []), ...(courtKey ? [courtKey.toPublic()] : [])],
        principalAccountId: principal.self ? null : principal.accountId,
        guests: checked.guests,
        // A guest's reply goes to the keys sealed here: the user's and, when sent on behalf, the principal's.
        sealGuest: (guest, messageId) =>
          crypto.guests.sealGuestAccess({ guest, messageId, senderKey: keys.privateKey, replyFingerprints: [...new Set([keys.privateKey.getFingerprint(), ...(principalFingerprint ? [principalFingerprint] : [])])] }),
        ...(courtKey ? { signingKey: courtKey } : {}),
        ...(app.chunkSize ? { chunkSize: app.chunkSize } : {}),
      });
      const finish: Finish = async ({ receipt: jws, messageId, summary }) => {
        const payload = await verifyAndMatch({
          crypto,
          jws,
          jwks: await api.receiptKeys(),
          issuer: app.receiptIssuer,
          summary,
          expect: { messageId, principalAccountId: principal.accountId, actorAccountId: keys.accountId, recipients: [...result.targets.map((x) => x.address), ...guestAddressesSent], toCourt: result.toCourt },
        });
        for (const r of result.remember) app.fingerprintMemory.set(r.address, r.fingerprint);
        const view = buildReceiptView({
          payload,
          jws,
          manifest: summary.manifest,
          subject,
          principal: { email: principal.email, self: principal.self },
          actorEmail: app.account.email,
          recipients: [...result.targets.map((x) => x.address), ...guestAddressesSent].map((address) => ({ field: 'to' as const, emailAddress: address, displayName: '' })),
          guests: guestAddressesSent,
        });
        setPhase({ kind: 'done', view, guests: sentGuests(send, app.receiptIssuer) });
        sending.current = null;
        props.onSent?.(messageId);
      };
      sending.current = { send, finish, result: null };
      await upload();
    } catch (error) {
      if (app.sessionOver(error)) {
        setPhase({ kind: 'failed', resumable: false, text: t.sessionEnded });
        return;
      }
      setPhase({ kind: 'failed', resumable: false, text: st.failure.other });
    }
  }

  function chooseFiles(list: FileList | null): void {
    if (!list) return;
    const added = Array.from(list);
    setFiles((before) => [...before, ...added]);
    if (phase.kind !== 'editing') setPhase({ kind: 'editing' });
  }

  if (phase.kind === 'done') {
    return (
      <section className={styles.screen} aria-labelledby={headingId}>
        <ScreenHeading id={headingId}>{t.send.doneHeading}</ScreenHeading>
        <ReceiptPanel
          ref={resultHeading}
          t={st}
          language={language}
          view={phase.view}
          onDownload={() => app.download({ fileName: st.receiptFileName(phase.view.messageId), contentType: 'application/json', pieces: [receiptJson(phase.view)] })}
        />
        {phase.guests.length > 0 && <GuestAccessPanel t={st} guests={phase.guests} copyText={clipboardCopy} />}
      </section>
    );
  }

  // After the commit the message stands as sent: nothing of it can be changed or sent again from here.
  const committed = phase.kind === 'failed' ? phase.committed : undefined;
  const editingLocked = busy || (phase.kind === 'failed' && (phase.resumable || committed !== undefined));
  const typed = parseRecipients(recipients);
  const toCourt = typed.some((a) => isCourtAddress(a));
  const shownGuests = guestAddresses.filter((a) => typed.includes(a));

  function startAfresh(): void {
    sending.current = null;
    setRecipients('');
    setSubject('');
    setBody('');
    setFiles([]);
    setGuestAddresses([]);
    setGuestChoices({});
    setGuestProblems({});
    setConfirmed(new Set());
    setPhase({ kind: 'editing' });
  }
  return (
    <section className={styles.screen} aria-labelledby={headingId}>
      <ScreenHeading id={headingId}>{props.reply ? t.send.replyHeading : t.send.heading}</ScreenHeading>
      {props.reply && <Body1>{t.send.replyTo(props.reply.subject)}</Body1>}
      <Field label={t.send.recipients} hint={t.send.recipientsHint} required>
        <Input value={recipients} disabled={editingLocked} onChange={(_e, data) => setRecipients(data.value)} type="text" inputMode="email" autoComplete="email" />
      </Field>
      {choices.length > 1 && (
        <PrincipalPicker t={st} from={null} choices={choices} candidates={[]} selected={selected} disabled={editingLocked} onSelect={setSelected} selfEmail={app.account.email} />
      )}
      <Field label={t.send.subject}>
        <Input value={subject} disabled={editingLocked} onChange={(_e, data) => setSubject(data.value)} />
      </Field>
      <Field label={t.send.body}>
        <Textarea value={body} disabled={editingLocked} resize="vertical" rows={8} onChange={(_e, data) => setBody(data.value)} />
      </Field>
      <div className={styles.section}>
        <label htmlFor={fileInputId}>{t.send.files}</label>
        <input id={fileInputId} type="file" multiple disabled={editingLocked} aria-describedby={`${fileInputId}-hint`} onChange={(e) => chooseFiles(e.currentTarget.files)} />
        <Body1 id={`${fileInputId}-hint`}>{t.send.filesHint}</Body1>
        {files.length > 0 && (
          <ul aria-label={t.send.chosen} className={styles.section}>
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`} className={styles.row}>
                <Body1>
                  {f.name} ({fileSize(f.size, language)})
                </Body1>
                <Button size="small" disabled={editingLocked} aria-label={t.send.remove(f.name)} onClick={() => setFiles((before) => before.filter((_x, j) => j !== i))}>
                  ×
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {toCourt && <Body1>{st.courtBadgeLong}</Body1>}

      {phase.kind === 'blocked' && <BlockerPanel ref={resultHeading} t={st} language={language} blockers={phase.blockers} />}
      {!committed && shownGuests.length > 0 && (
        <GuestChoicePanel
          ref={phase.kind === 'guests' ? resultHeading : undefined}
          t={st}
          addresses={shownGuests}
          choices={guestChoices}
          problems={guestProblems}
          codeMinLength={codeMinLength}
          disabled={editingLocked}
          onChange={(address, choice) => setGuestChoices((before) => ({ ...before, [address]: choice }))}
        />
      )}
      {phase.kind === 'confirm' && (
        <ConfirmPanel
          ref={resultHeading}
          t={st}
          confirmations={phase.confirmations}
          confirmed={confirmed}
          disabled={busy}
          onToggle={(id, checked) =>
            setConfirmed((before) => {
              const next = new Set(before);
              if (checked) next.add(id);
              else next.delete(id);
              return next;
            })
          }
        />
      )}
      {phase.kind === 'failed' && (
        <section className={styles.section} aria-label={committed ? st.afterCommitHeading : phase.unanswered ? st.commitUnansweredHeading : t.send.failedHeading}>
          <Alert>{phase.text}</Alert>
        </section>
      )}
      {committed && committed.guests.length > 0 && <GuestAccessPanel t={st} guests={committed.guests} committedMessageId={committed.messageId} copyText={clipboardCopy} />}
      {(phase.kind === 'uploading' || phase.kind === 'checking' || phase.kind === 'sealing' || phase.kind === 'verifying') && (
        <Field label={t.send.progressLabel}>
          <ProgressBar value={phase.kind === 'uploading' && phase.total > 0 ? phase.done / phase.total : undefined} />
        </Field>
      )}
      <div role="status" aria-live="polite">
        {phase.kind === 'checking' && <Body1>{t.send.step.checking}</Body1>}
        {phase.kind === 'uploading' && <Body1>{t.send.step.uploading(phase.done, phase.total)}</Body1>}
        {phase.kind === 'sealing' && <Body1>{st.step.guests}</Body1>}
        {phase.kind === 'verifying' && <Body1>{t.send.step.verifying}</Body1>}
      </div>

      <div className={styles.row}>
        {committed ? (
          <>
            {phase.kind === 'failed' && phase.resumable && (
              <Button appearance="primary" onClick={() => void upload()}>
                {web.checkReceiptAgain}
              </Button>
            )}
            <Button onClick={startAfresh}>{web.newMessage}</Button>
          </>
        ) : phase.kind === 'failed' && phase.resumable ? (
          <>
            <Button appearance="primary" onClick={() => void upload()}>
              {t.send.resume}
            </Button>
            {!phase.unanswered && (
              <Button
                onClick={() => {
                  sending.current = null;
                  setPhase({ kind: 'editing' });
                }}
              >
                {t.send.restart}
              </Button>
            )}
          </>
        ) : (
          <Button appearance="primary" disabledFocusable={busy || !principal} onClick={() => void check()}>
            {phase.kind === 'confirm' ? t.send.sendAfterConfirm : phase.kind === 'guests' ? st.sendWithGuests : t.send.send}
          </Button>
        )}
      </div>
    </section>
  );
}
