// Sending from the web app (also a reply in a thread): recipients, subject, text and files chosen with
// the file input. Secure send's pre-flight and panels decide and explain; the files are then encrypted
// and uploaded one chunk at a time straight from the File objects (send-stream.ts), with progress,
// resume after an interruption, and the receipt verified and shown.
import { useId, useRef, useState } from 'react';
import { Body1, Button, Field, Input, ProgressBar, Textarea } from '@fluentui/react-components';
import { isCourtAddress } from '../../shared/court/recipients';
import { BlockerPanel, ConfirmPanel, PrincipalPicker, ReceiptPanel } from '../secure-send/components';
import { fileSize } from '../secure-send/limits';
import type { Blocker, Confirmation } from '../secure-send/preflight';
import { buildReceiptView, receiptJson, type ReceiptView } from '../secure-send/receipt-view';
import { SendFlowError, verifyAndMatch } from '../secure-send/send-flow';
import { NO_DELEGATIONS, type PrincipalInfo, type PrincipalsAnswer } from '../secure-send/types';
import { useWebApp } from './context';
import type { ReplyContext } from './MessageView';
import { createStreamingSend, parseRecipients, runWebPreflight, type StreamingSend, type WebDraft } from './send-stream';
import { sendTexts } from './texts';
import { Alert, ScreenHeading, useLoaded, useWebStyles } from './ui';

type Phase =
  | { kind: 'editing' }
  | { kind: 'checking' }
  | { kind: 'blocked'; blockers: Blocker[] }
  | { kind: 'confirm'; confirmations: Confirmation[] }
  | { kind: 'uploading'; done: number; total: number }
  | { kind: 'verifying' }
  | { kind: 'failed'; resumable: boolean; text: string }
  | { kind: 'done'; view: ReceiptView };

function replySubject(subject: string): string {
  return /^(re|antw):/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

export function SendView(props: { reply?: ReplyContext | undefined; onSent?: (messageId: string) => void }) {
  const app = useWebApp();
  const { api, t, language, keys } = app;
  const st = sendTexts(language);
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
  const sending = useRef<{ send: StreamingSend; finish: (jws: string, messageId: string, summary: Parameters<typeof verifyAndMatch>[0]['summary']) => Promise<void> } | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const [principals] = useLoaded<PrincipalsAnswer>('principals', () => api.principals({ from: null }).catch(() => NO_DELEGATIONS));
  const self: PrincipalInfo = { accountId: keys.accountId, email: app.account.email, self: true, professional: { number: null, kind: null, courtConnectionActive: false }, publicKey: null, fingerprint: null };
  const choices = principals.state === 'ready' && principals.value.choices.length > 0 ? principals.value.choices : [self];
  const principal = choices.length === 1 ? choices[0] : choices.find((c) => c.accountId === selected);
  const busy = phase.kind === 'checking' || phase.kind === 'uploading' || phase.kind === 'verifying';

  async function upload(): Promise<void> {
    const current = sending.current;
    if (!current) return;
    try {
      const result = await current.send.run({ retry: app.retry, onProgress: (done, total) => setPhase({ kind: 'uploading', done, total }) });
      setPhase({ kind: 'verifying' });
      await current.finish(result.receipt, result.messageId, result.summary);
    } catch (error) {
      if (app.sessionOver(error)) {
        setPhase({ kind: 'failed', resumable: current.send.resumable, text: t.sessionEnded });
        return;
      }
      const resumable = current.send.resumable && !(error instanceof SendFlowError);
      if (error instanceof SendFlowError && (error.code === 'RECEIPT_INVALID' || error.code === 'RECEIPT_MISMATCH')) {
        setPhase({ kind: 'failed', resumable: false, text: st.failure.receiptInvalid(error.messageId ?? '?') });
        return;
      }
      if (!resumable) sending.current = null;
      setPhase({ kind: 'failed', resumable, text: resumable ? t.send.interrupted : t.send.restartNeeded });
    }
  }

  async function check(): Promise<void> {
    if (busy || !principal) return;
    setPhase({ kind: 'checking' });
    try {
      const crypto = await app.crypto();
      const draft: WebDraft = { recipients: parseRecipients(recipients), subject, body, files, ...(props.reply ? { inReplyTo: props.reply.messageId } : {}) };
      const { result, delegateKeys } = await runWebPreflight({ api, crypto, draft, principal, keys, courtKeyPins: app.courtKeyPins, memory: app.fingerprintMemory, now: new Date() });
      if (result.blockers.length > 0) {
        setPhase({ kind: 'blocked', blockers: result.blockers });
        return;
      }
      if (result.confirmations.some((c) => !confirmed.has(c.id))) {
        setPhase({ kind: 'confirm', confirmations: result.confirmations });
        return;
      }
      // A clerk answers for the court: signed with the unit's key, and readable by the other clerks.
      const courtKey = await app.courtSigningKey();
      const send = createStreamingSend({
        api,
        crypto,
        keys,
        draft: { ...draft, recipients: result.targets.map((x) => x.address) },
        recipientKeys: [...result.targets.map((x) => x.publicKey), ...delegateKeys, ...(result.principalKey ? [result.principalKey] : []), ...(courtKey ? [courtKey.toPublic()] : [])],
        principalAccountId: principal.self ? null : principal.accountId,
        ...(courtKey ? { signingKey: courtKey } : {}),
        ...(app.chunkSize ? { chunkSize: app.chunkSize } : {}),
      });
      const finish = async (jws: string, messageId: string, summary: Parameters<typeof verifyAndMatch>[0]['summary']) => {
        const payload = await verifyAndMatch({
          crypto,
          jws,
          jwks: await api.receiptKeys(),
          issuer: app.receiptIssuer,
          summary,
          expect: { messageId, principalAccountId: principal.accountId, actorAccountId: keys.accountId, recipients: result.targets.map((x) => x.address), toCourt: result.toCourt },
        });
        for (const r of result.remember) app.fingerprintMemory.set(r.address, r.fingerprint);
        const view = buildReceiptView({
          payload,
          jws,
          manifest: summary.manifest,
          subject,
          principal: { email: principal.email, self: principal.self },
          actorEmail: app.account.email,
          recipients: result.targets.map((x) => ({ field: 'to' as const, emailAddress: x.address, displayName: '' })),
        });
        sending.current = null;
        setPhase({ kind: 'done', view });
        props.onSent?.(messageId);
      };
      sending.current = { send, finish };
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
      </section>
    );
  }

  const editingLocked = busy || (phase.kind === 'failed' && phase.resumable);
  const toCourt = parseRecipients(recipients).some((a) => isCourtAddress(a));
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
        <section className={styles.section} aria-label={t.send.failedHeading}>
          <Alert>{phase.text}</Alert>
        </section>
      )}
      {(phase.kind === 'uploading' || phase.kind === 'checking' || phase.kind === 'verifying') && (
        <Field label={t.send.progressLabel}>
          <ProgressBar value={phase.kind === 'uploading' && phase.total > 0 ? phase.done / phase.total : undefined} />
        </Field>
      )}
      <div role="status" aria-live="polite">
        {phase.kind === 'checking' && <Body1>{t.send.step.checking}</Body1>}
        {phase.kind === 'uploading' && <Body1>{t.send.step.uploading(phase.done, phase.total)}</Body1>}
        {phase.kind === 'verifying' && <Body1>{t.send.step.verifying}</Body1>}
      </div>

      <div className={styles.row}>
        {phase.kind === 'failed' && phase.resumable ? (
          <>
            <Button appearance="primary" onClick={() => void upload()}>
              {t.send.resume}
            </Button>
            <Button
              onClick={() => {
                sending.current = null;
                setPhase({ kind: 'editing' });
              }}
            >
              {t.send.restart}
            </Button>
          </>
        ) : (
          <Button appearance="primary" disabledFocusable={busy || !principal} onClick={() => void check()}>
            {phase.kind === 'confirm' ? t.send.sendAfterConfirm : t.send.send}
          </Button>
        )}
      </div>
    </section>
  );
}
