// One message, opened in this browser: the receipt verified first (when the message has one), the
// sender's key checked, then subject and text decrypted chunk by chunk; attachments are decrypted when
// downloaded and saved under their original names. The sender's side shows per-recipient status and
// offers recall while the API allows it (nobody opened it, not a court filing); readers may reply in
// the thread; anyone may download the receipt.
import { useId, useState } from 'react';
import { Body1, Button, Subtitle2 } from '@fluentui/react-components';
import type { OpenedMessage } from '../../shared/crypto/messages';
import type { ReceiptPayload } from '../../shared/crypto/receipt';
import { fileSize } from '../secure-send/limits';
import { buildReceiptView, formatServerTime, receiptJson } from '../secure-send/receipt-view';
import { SecureSendApiError } from '../secure-send/types';
import { useWebApp } from './context';
import { bodyAsText, openStored, readFailureOf, readPartPieces, verifiedReceipt, type ReadFailure } from './reading';
import { sendTexts } from './texts';
import { Alert, formatWhen, ScreenHeading, Status, useLoaded, useWebStyles } from './ui';
import type { MessageDetail } from './types';

export interface ReplyContext {
  messageId: string;
  to: string[];
  subject: string;
}

interface Opened {
  detail: MessageDetail;
  receipt: ReceiptPayload | null;
  message: OpenedMessage | null;
  subject: string;
  body: string;
  signerChanged: boolean;
}

const FAILURE_TEXT: Record<ReadFailure, 'notFound' | 'noKey' | 'signature' | 'tampered' | 'receipt' | 'senderKey' | 'unitKey' | 'other'> = {
  'not-found': 'notFound',
  'no-key': 'noKey',
  signature: 'signature',
  tampered: 'tampered',
  receipt: 'receipt',
  'sender-key': 'senderKey',
  'unit-key': 'unitKey',
  other: 'other',
};

export function MessageView(props: { messageId: string; onBack: () => void; onReply: (reply: ReplyContext) => void }) {
  const app = useWebApp();
  const { api, t, language, keys } = app;
  const styles = useWebStyles();
  const headingId = useId();
  const [recallStep, setRecallStep] = useState<'idle' | 'confirm' | 'working' | 'refused' | 'done'>('idle');
  const [detailOverride, setDetailOverride] = useState<MessageDetail | null>(null);

  const [loaded, reload] = useLoaded<Opened>(props.messageId, async () => {
    const detail = await api.getMessage(props.messageId);
    const crypto = await app.crypto();
    const receipt = detail.receipt ? await verifiedReceipt({ api, crypto, jws: detail.receipt, messageId: detail.messageId, issuer: app.receiptIssuer }) : null;
    if (detail.status !== 'committed') return { detail, receipt, message: null, subject: '', body: '', signerChanged: false };
    const signer = await app.signers(detail);
    const message = await openStored({ api, crypto, message: detail, decryptionKeys: await app.decryptionKeys(), signers: signer.keys, receipt });
    const subject = await message.readText('subject');
    const bodyPart = message.manifest.parts.find((p) => p.role === 'body');
    const body = bodyAsText(await message.readText('body'), bodyPart?.contentType ?? 'text/plain');
    return { detail, receipt, message, subject, body, signerChanged: signer.changed };
  });

  const [downloadFailed, setDownloadFailed] = useState(false);

  if (loaded.state === 'loading') return <Status>{t.message.decrypting}</Status>;
  if (loaded.state === 'failed') {
    const reason = readFailureOf(loaded.error);
    return (
      <section className={styles.screen} aria-labelledby={headingId}>
        <ScreenHeading id={headingId}>{t.message.heading}</ScreenHeading>
        <Alert>{t.message.failed[FAILURE_TEXT[reason]]}</Alert>
        <div className={styles.row}>
          {reason === 'other' && <Button onClick={reload}>{t.retry}</Button>}
          <Button onClick={props.onBack}>{t.back}</Button>
        </div>
      </section>
    );
  }

  const { receipt, message, subject, body, signerChanged } = loaded.value;
  const detail = detailOverride ?? loaded.value.detail;
  const mine = detail.sender.accountId === keys.accountId || detail.principal.accountId === keys.accountId;
  const nobodyOpened = detail.recipients.every((r) => r.openedAt === null);
  const mayRecall = mine && !detail.toCourt && detail.status === 'committed' && nobodyOpened;
  const replyTo = [...new Set([detail.sender.email, detail.principal.email].filter((a): a is string => !!a && a !== app.account.email))];

  async function recall(): Promise<void> {
    setRecallStep('working');
    try {
      setDetailOverride(await api.recall(detail.messageId));
      setRecallStep('done');
    } catch (error) {
      if (app.sessionOver(error)) return;
      setRecallStep(error instanceof SecureSendApiError && error.code === 'RECALL_NOT_ALLOWED' ? 'refused' : 'idle');
    }
  }

  async function download(partId: string, name: string, contentType: string): Promise<void> {
    if (!message) return;
    setDownloadFailed(false);
    try {
      app.download({ fileName: name, contentType, pieces: await readPartPieces(message, partId) });
    } catch (error) {
      if (!app.sessionOver(error)) setDownloadFailed(true);
    }
  }

  function downloadReceipt(): void {
    if (!receipt || !detail.receipt) return;
    const view = buildReceiptView({
      payload: receipt,
      jws: detail.receipt,
      manifest: message?.manifest ?? { format: 'zegel-message-manifest', version: 1, messageNonce: '', createdAt: '', signerFingerprint: '', chunkSize: 0, parts: [] },
      subject,
      principal: { email: detail.principal.email ?? detail.principal.accountId, self: detail.principal.accountId === detail.sender.accountId },
      actorEmail: detail.sender.email,
      recipients: detail.recipients.map((r) => ({ field: 'to' as const, emailAddress: r.address, displayName: '' })),
    });
    app.download({ fileName: sendTexts(language).receiptFileName(detail.messageId), contentType: 'application/json', pieces: [receiptJson(view)] });
  }

  const none = t.message.notYet;
  return (
    <article className={styles.screen} aria-labelledby={headingId}>
      <ScreenHeading id={headingId}>{message ? subject || t.message.noSubject : t.message.heading}</ScreenHeading>
      {signerChanged && detail.sender.email && <Alert>{t.message.signerChanged(detail.sender.email)}</Alert>}
      {recallStep === 'done' && <Status>{t.message.recalledNotice}</Status>}
      {detail.status === 'recalled' && <Status>{t.message.recalledState(formatWhen(detail.recalledAt, language))}</Status>}
      <dl className={styles.terms}>
        <dt className={styles.term}>{t.message.from}</dt>
        <dd className={styles.value}>{detail.sender.email ?? detail.sender.accountId}</dd>
        {detail.principal.accountId !== detail.sender.accountId && (
          <>
            <dt className={styles.term}>{t.message.principal}</dt>
            <dd className={styles.value}>{detail.principal.email ?? detail.principal.accountId}</dd>
          </>
        )}
        {detail.principal.professionalNumber && (
          <>
            <dt className={styles.term}>{t.message.number}</dt>
            <dd className={styles.value}>{detail.principal.professionalNumber}</dd>
          </>
        )}
        <dt className={styles.term}>{t.message.sentAt}</dt>
        <dd className={styles.value}>{receipt ? formatServerTime(receipt.serverTime, language) : formatWhen(detail.committedAt, language)}</dd>
      </dl>

      {message && (
        <section className={styles.section} aria-label={t.message.body}>
          <pre className={styles.body}>{body}</pre>
        </section>
      )}

      {message && (
        <section className={styles.section} aria-labelledby={`${headingId}-att`}>
          <Subtitle2 as="h3" id={`${headingId}-att`}>
            {t.message.attachments}
          </Subtitle2>
          {message.attachments.length === 0 ? (
            <Body1>{t.message.noAttachments}</Body1>
          ) : (
            <ul className={styles.section}>
              {message.attachments.map((a) => (
                <li key={a.partId}>
                  <Button onClick={() => void download(a.partId, a.name, a.contentType)}>{t.message.download(a.name, fileSize(a.size, language))}</Button>
                </li>
              ))}
            </ul>
          )}
          {downloadFailed && <Alert>{t.message.failed.tampered}</Alert>}
        </section>
      )}

      {mine && (
        <section className={styles.section} aria-labelledby={`${headingId}-status`}>
          <Subtitle2 as="h3" id={`${headingId}-status`}>
            {t.message.recipients}
          </Subtitle2>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t.message.recipient}</th>
                <th scope="col">{t.message.delivered}</th>
                <th scope="col">{t.message.opened}</th>
              </tr>
            </thead>
            <tbody>
              {detail.recipients.map((r) => (
                <tr key={r.address}>
                  <td>{r.address}</td>
                  <td>{r.deliveredAt ? formatWhen(r.deliveredAt, language) : none}</td>
                  <td>{r.openedAt ? formatWhen(r.openedAt, language) : none}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {mayRecall && recallStep !== 'done' && (
            <div className={styles.section}>
              <Body1>{t.message.recallHint}</Body1>
              {recallStep === 'confirm' || recallStep === 'working' ? (
                <div role="group" aria-label={t.message.recallConfirm} className={styles.row}>
                  <Body1>{t.message.recallConfirm}</Body1>
                  <Button appearance="primary" disabledFocusable={recallStep === 'working'} onClick={() => void recall()}>
                    {t.message.recallYes}
                  </Button>
                  <Button onClick={() => setRecallStep('idle')}>{t.message.recallNo}</Button>
                </div>
              ) : (
                <div className={styles.row}>
                  <Button onClick={() => setRecallStep('confirm')}>{t.message.recall}</Button>
                </div>
              )}
            </div>
          )}
          {recallStep === 'refused' && <Alert>{t.message.recallRefused}</Alert>}
        </section>
      )}

      {receipt && (
        <section className={styles.section} aria-labelledby={`${headingId}-receipt`}>
          <Subtitle2 as="h3" id={`${headingId}-receipt`}>
            {t.message.receipt}
          </Subtitle2>
          <Body1>{t.message.receiptValid}</Body1>
          <div className={styles.row}>
            <Button onClick={downloadReceipt}>{t.message.receiptDownload}</Button>
          </div>
        </section>
      )}

      <div className={styles.row}>
        {message && !mine && replyTo.length > 0 && (
          <Button appearance="primary" onClick={() => props.onReply({ messageId: detail.messageId, to: replyTo, subject })}>
            {t.message.reply}
          </Button>
        )}
        <Button onClick={props.onBack}>{t.back}</Button>
      </div>
    </article>
  );
}
