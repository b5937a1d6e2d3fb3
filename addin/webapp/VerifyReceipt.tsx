// Verify a receipt on this page: paste the downloaded JSON (or the JWS alone) or choose the file; the
// signature is checked here against the server's published keys, and what the receipt attests is
// shown — only what is signed, never the unsigned fields of the download.
import { useId, useState } from 'react';
import { Body1, Button, Field, Textarea } from '@fluentui/react-components';
import type { ReceiptPayload } from '../../shared/crypto/receipt';
import { formatServerTime } from '../secure-send/receipt-view';
import { useWebApp } from './context';
import { Alert, ScreenHeading, useWebStyles } from './ui';

const JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The JWS in a receipt download (`{"receipt": "…"}`), or the text itself when it is one. */
export function receiptFromText(text: string): string | null {
  const trimmed = text.trim();
  if (JWS_PATTERN.test(trimmed)) return trimmed;
  try {
    const parsed = JSON.parse(trimmed) as { receipt?: unknown };
    return typeof parsed.receipt === 'string' && JWS_PATTERN.test(parsed.receipt.trim()) ? parsed.receipt.trim() : null;
  } catch {
    return null;
  }
}

type Verdict = { kind: 'none' } | { kind: 'working' } | { kind: 'unreadable' } | { kind: 'invalid' } | { kind: 'valid'; payload: ReceiptPayload };

export function VerifyReceipt() {
  const app = useWebApp();
  const { t, language } = app;
  const styles = useWebStyles();
  const headingId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'none' });

  async function verify(input: string): Promise<void> {
    const jws = receiptFromText(input);
    if (!jws) {
      setVerdict({ kind: 'unreadable' });
      return;
    }
    setVerdict({ kind: 'working' });
    try {
      const crypto = await app.crypto();
      const payload = await crypto.verifyReceipt({ jws, jwks: await app.api.receiptKeys(), issuer: app.receiptIssuer });
      setVerdict({ kind: 'valid', payload });
    } catch (error) {
      if (app.sessionOver(error)) return;
      setVerdict({ kind: 'invalid' });
    }
  }

  async function chooseFile(file: File | undefined): Promise<void> {
    if (!file) return;
    const content = new TextDecoder().decode(await file.arrayBuffer());
    setText(content);
    await verify(content);
  }

  const v = t.verify;
  return (
    <section className={styles.screen} aria-labelledby={headingId}>
      <ScreenHeading id={headingId}>{v.heading}</ScreenHeading>
      <Body1>{v.intro}</Body1>
      <Field label={v.paste}>
        <Textarea value={text} rows={6} resize="vertical" onChange={(_e, data) => setText(data.value)} />
      </Field>
      <div className={styles.section}>
        <label htmlFor={fileId}>{v.file}</label>
        <input id={fileId} type="file" accept="application/json,.json,.txt" onChange={(e) => void chooseFile(e.currentTarget.files?.[0])} />
      </div>
      <div className={styles.row}>
        <Button appearance="primary" disabledFocusable={verdict.kind === 'working'} onClick={() => void verify(text)}>
          {v.check}
        </Button>
      </div>
      <div aria-live="polite">
        {verdict.kind === 'unreadable' && <Alert>{v.unreadable}</Alert>}
        {verdict.kind === 'invalid' && (
          <Alert>
            <strong>{v.invalid}</strong>. {v.invalidWhy}
          </Alert>
        )}
        {verdict.kind === 'valid' && (
          <section className={styles.section} aria-labelledby={`${headingId}-valid`}>
            <h3 id={`${headingId}-valid`} className={styles.subheading}>
              {v.valid}
            </h3>
            <dl className={styles.terms}>
              <dt className={styles.term}>{v.messageId}</dt>
              <dd className={styles.value}>{verdict.payload.messageId}</dd>
              <dt className={styles.term}>{v.time}</dt>
              <dd className={styles.value}>{formatServerTime(verdict.payload.serverTime, language)}</dd>
              <dt className={styles.term}>{v.principal}</dt>
              <dd className={styles.value}>{verdict.payload.principal.accountId}</dd>
              <dt className={styles.term}>{v.number}</dt>
              <dd className={styles.value}>{verdict.payload.principal.professionalNumber ?? v.none}</dd>
              <dt className={styles.term}>{v.recipients}</dt>
              <dd className={styles.value}>{verdict.payload.recipients.join(', ')}</dd>
              <dt className={styles.term}>{v.parts}</dt>
              <dd className={styles.value}>{verdict.payload.chunks.length}</dd>
              <dt className={styles.term}>{v.manifest}</dt>
              <dd className={`${styles.value} ${styles.mono}`}>{verdict.payload.manifestHash}</dd>
            </dl>
          </section>
        )}
      </div>
    </section>
  );
}
