// The reader for recipients without an account: reads `#guest=<id>.<secret>` (or asks for the link
// when Zegel's own notification carried only the id), asks for the access code (and the SMS code when
// the sender gave a mobile number), derives and decrypts in the browser, shows the message, downloads
// attachments under their original names, and sends a secure reply to the sender.
//
//   link? ─► meta (locked / expired / gone: stop) ─► code ─► [sms] ─► read ─► reply
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Body1, Button, Caption1, Field, Input, Label, MessageBar, MessageBarBody, Spinner, Subtitle2, Textarea, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { saveBlob } from '../browser/save-file';
import { parseGuestFragment } from '../../shared/crypto/guest-link';
import { isCryptoError } from '../../shared/crypto/errors';
import { toBase64url } from '../../shared/crypto/encoding';
import type { GuestKeys } from '../../shared/crypto/guest-access';
import { errorText } from '../i18n/errors';
import { isErrorCode } from '../../shared/errors';
import { loadGuestCrypto, type GuestCrypto } from './crypto-loader';
import { GUEST_REPLY_MAX_BYTES, GUEST_REPLY_MAX_FILES, checkReply, readMessage, sendReply, unlock, type ReadMessage, type ReplyFile, type Unlocked } from './flow';
import { GUEST_TEXTS, type GuestTexts } from './texts';
import { GuestApiError, type GuestApi, type GuestMeta } from './types';

export interface GuestFile {
  name: string;
  type: string;
  data: Uint8Array;
}

export interface GuestReaderProps {
  /** The page's fragment (`location.hash`), read once. */
  fragment: string;
  language: 'nl' | 'en';
  api: GuestApi;
  /** Defaults to the lazily loaded real crypto. */
  loadCrypto?: () => Promise<GuestCrypto>;
  /** Saves a decrypted attachment under its original name; defaults to a browser download. */
  download?: (file: GuestFile) => void;
  /** Takes the fragment out of the address bar once read: the secret must not linger in history. */
  clearFragment?: () => void;
}

type Stage =
  | { name: 'link' }
  | { name: 'loading'; guestId: string; secret: string }
  | { name: 'closed'; reason: 'locked' | 'expired' | 'notFound' }
  | { name: 'code'; guestId: string; secret: string; meta: GuestMeta }
  | { name: 'sms'; guestId: string; secret: string; meta: GuestMeta; keys: GuestKeys; phoneLast2: string }
  | { name: 'read'; guestId: string; secret: string; meta: GuestMeta; unlocked: Unlocked; message: ReadMessage };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '48rem', padding: tokens.spacingHorizontalL, boxSizing: 'border-box' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  body: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', padding: tokens.spacingVerticalS, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  heading: { margin: 0 },
});

function browserDownload(file: GuestFile): void {
  saveBlob(new Blob([new Uint8Array(file.data)], { type: file.type || 'application/octet-stream' }), file.name);
}

/** Blob.arrayBuffer where there is one; FileReader in older webviews (and jsdom) that lack it. */
function readFile(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/** HTML bodies are shown as their text only: nothing the sender wrote runs or loads here. */
function plainText(message: ReadMessage): string {
  if (message.bodyType !== 'text/html') return message.body;
  return new DOMParser().parseFromString(message.body, 'text/html').body.textContent ?? '';
}

const TAMPERED = new Set(['DECRYPT_FAILED', 'SIGNATURE_INVALID', 'CHUNK_MISPLACED', 'MANIFEST_MISMATCH', 'MANIFEST_INVALID', 'KEY_UNUSABLE', 'UNWRAP_FAILED']);

function describe(t: GuestTexts, language: 'nl' | 'en', error: unknown): string {
  if (error instanceof GuestApiError) {
    if (error.code === 'GUEST_ACCESS_INVALID') return t.wrongCode;
    if (error.code === 'SMS_CODE_INVALID') return t.wrongSms;
    if (error.code === 'GUEST_ACCESS_LOCKED') return t.locked;
    if (error.code === 'GUEST_ACCESS_EXPIRED') return t.expired;
    if (error.code === 'NOT_FOUND') return t.notFound;
    if (error.code === 'RATE_LIMITED') return t.rateLimited(error.retryAfterSeconds ?? 60);
    if (error.code === 'NETWORK') return t.network;
    return isErrorCode(error.code) ? errorText(language, error.code) : t.failed;
  }
  if (isCryptoError(error)) {
    if (error.code === 'KDF_PARAMS_TOO_WEAK' || error.code === 'KDF_PARAMS_INVALID') return errorText(language, error.code);
    if (TAMPERED.has(error.code)) return t.tampered;
  }
  return t.failed;
}

function Problem(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <div role="alert">
      <MessageBar intent="error">
        <MessageBarBody>{props.text}</MessageBarBody>
      </MessageBar>
    </div>
  );
}

function Status(props: { text: string; intent?: 'info' | 'success' }) {
  return (
    <div role="status">
      <MessageBar intent={props.intent ?? 'info'}>
        <MessageBarBody>{props.text}</MessageBarBody>
      </MessageBar>
    </div>
  );
}

function Busy(props: { label: string | null }) {
  if (!props.label) return null;
  return (
    <div role="status" aria-live="polite">
      <Spinner size="small" label={props.label} labelPosition="after" />
    </div>
  );
}

function formatDate(iso: string | null, language: 'nl' | 'en'): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

export function GuestReader(props: GuestReaderProps) {
  const styles = useStyles();
  const { api, language } = props;
  const t = language === 'en' ? GUEST_TEXTS.en : GUEST_TEXTS.nl;
  const loadCrypto = props.loadCrypto ?? loadGuestCrypto;
  const download = props.download ?? browserDownload;
  const initial = useMemo(() => parseGuestFragment(props.fragment), [props.fragment]);
  const [stage, setStage] = useState<Stage>(initial?.secret ? { name: 'loading', guestId: initial.guestId, secret: initial.secret } : { name: 'link' });
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');
  const [code, setCode] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [reply, setReply] = useState('');
  const [files, setFiles] = useState<ReplyFile[]>([]);
  const [replySent, setReplySent] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const fileInputId = useId();
  const stageRef = useRef<Stage>(stage);
  stageRef.current = stage;
  const clearFragment = props.clearFragment;

  useEffect(() => {
    clearFragment?.();
  }, [clearFragment]);

  // Each new stage moves focus to the heading, so screen readers announce where the guest is.
  useEffect(() => {
    heading.current?.focus();
  }, [stage.name]);

  const run = useCallback(
    async (label: string, action: () => Promise<void>) => {
      setBusy(label);
      setProblem(null);
      setNotice(null);
      try {
        await action();
      } catch (error) {
        // The download token lasts half an hour: once it is refused while reading, the code is asked again.
        if (error instanceof GuestApiError && error.code === 'GUEST_ACCESS_INVALID' && stageRef.current.name === 'read') {
          const { guestId, secret, meta } = stageRef.current;
          setStage({ name: 'code', guestId, secret, meta });
          setProblem(t.sessionEnded);
          return;
        }
        if (error instanceof GuestApiError && (error.code === 'GUEST_ACCESS_LOCKED' || error.code === 'GUEST_ACCESS_EXPIRED' || error.code === 'NOT_FOUND')) {
          setStage({ name: 'closed', reason: error.code === 'GUEST_ACCESS_LOCKED' ? 'locked' : error.code === 'GUEST_ACCESS_EXPIRED' ? 'expired' : 'notFound' });
        }
        setProblem(describe(t, language, error));
      } finally {
        setBusy(null);
      }
    },
    [language, t],
  );

  useEffect(() => {
    if (stage.name !== 'loading') return;
    const { guestId, secret } = stage;
    void run(t.loading, async () => {
      const meta = await api.meta(guestId);
      if (meta.state !== 'open') {
        setStage({ name: 'closed', reason: meta.state });
        return;
      }
      setStage({ name: 'code', guestId, secret, meta });
    });
  }, [api, run, stage, t.loading]);

  const finishOpen = async (ids: { guestId: string; meta: GuestMeta }, keys: GuestKeys, answer: Awaited<ReturnType<GuestApi['open']>>, secret: string) => {
    if (answer.next === 'sms') {
      setStage({ name: 'sms', guestId: ids.guestId, secret, meta: ids.meta, keys, phoneLast2: answer.phoneLast2 });
      return;
    }
    setBusy(t.decrypting);
    const crypto = await loadCrypto();
    const unlocked = await unlock({ crypto, keys, guestId: ids.guestId, session: answer });
    const message = await readMessage({ api, crypto, unlocked });
    setCode('');
    setSmsCode('');
    setStage({ name: 'read', guestId: ids.guestId, secret, meta: ids.meta, unlocked, message });
  };

  const submitCode = (current: Extract<Stage, { name: 'code' }>) =>
    run(t.deriving, async () => {
      const crypto = await loadCrypto();
      const keys = await crypto.deriveGuestKeys({ guestId: current.guestId, secret: current.secret, accessCode: code, kdfParams: current.meta.kdfParams });
      const answer = await api.open(current.guestId, { verifier: keys.verifier });
      await finishOpen(current, keys, answer, current.secret);
    });

  const submitSms = (current: Extract<Stage, { name: 'sms' }>) =>
    run(t.deriving, async () => {
      const answer = await api.open(current.guestId, { verifier: current.keys.verifier, smsCode: smsCode.trim() });
      await finishOpen(current, current.keys, answer, current.secret);
    });

  const resendSms = (current: Extract<Stage, { name: 'sms' }>) =>
    run(t.loading, async () => {
      await api.resendSms(current.guestId, { verifier: current.keys.verifier });
      setNotice(t.smsResent);
    });

  const saveAttachment = (current: Extract<Stage, { name: 'read' }>, info: ReadMessage['attachments'][number]) =>
    run(t.downloading, async () => {
      const data = await current.message.attachment(info.partId);
      download({ name: info.name, type: info.contentType, data });
    });

  const addFiles = async (list: FileList | null) => {
    if (!list) return;
    const added: ReplyFile[] = [];
    for (const file of Array.from(list)) added.push({ name: file.name, type: file.type, data: await readFile(file) });
    setFiles((current) => [...current, ...added]);
  };

  const submitReply = (current: Extract<Stage, { name: 'read' }>) =>
    run(t.replySending, async () => {
      if (reply.trim() === '') {
        setProblem(t.replyEmpty);
        return;
      }
      const crypto = await loadCrypto();
      const verdict = await checkReply(crypto, files);
      if (!verdict.ok) {
        const lines = [
          ...(verdict.tooMany ? [t.replyTooMany(GUEST_REPLY_MAX_FILES)] : []),
          ...(verdict.tooLarge ? [t.replyTooLarge(`${GUEST_REPLY_MAX_BYTES / (1024 * 1024)} MB`)] : []),
          ...verdict.pdfProblems.map((p) => t.pdfProblem(p.name, p.problem)),
        ];
        setProblem(lines.join(' '));
        return;
      }
      await sendReply({ api, crypto, unlocked: current.unlocked, subject: `Re: ${current.message.subject}`, body: reply, files, idempotencyKey: toBase64url(globalThis.crypto.getRandomValues(new Uint8Array(18))) });
      setReply('');
      setFiles([]);
      setReplySent(true);
    });

  const header = (
    <>
      <h1 className={styles.heading} tabIndex={-1} ref={heading}>
        <Title2>{stage.name === 'read' ? stage.message.subject || t.title : t.title}</Title2>
      </h1>
      {stage.name !== 'read' && <Body1>{t.intro}</Body1>}
    </>
  );

  let content: React.ReactNode = null;
  if (stage.name === 'link') {
    content = (
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parseGuestFragment(pasted);
          if (!parsed?.secret) {
            setProblem(t.linkInvalid);
            return;
          }
          setProblem(null);
          setStage({ name: 'loading', guestId: parsed.guestId, secret: parsed.secret });
        }}
      >
        <Status text={t.badLink} />
        <Field label={t.linkLabel} hint={t.linkHint} required>
          <Input type="url" value={pasted} onChange={(_event, data) => setPasted(data.value)} autoComplete="off" />
        </Field>
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={pasted.trim() === ''}>
            {t.linkSubmit}
          </Button>
        </div>
      </form>
    );
  } else if (stage.name === 'closed') {
    content = <Status text={stage.reason === 'locked' ? t.locked : stage.reason === 'expired' ? t.expired : t.notFound} />;
  } else if (stage.name === 'code') {
    const expires = formatDate(stage.meta.expiresAt, language);
    content = (
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submitCode(stage);
        }}
      >
        {expires && <Caption1>{t.expires(expires)}</Caption1>}
        <Field label={t.codeLabel} hint={t.codeHint} required>
          <Input type="password" value={code} onChange={(_event, data) => setCode(data.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={busy !== null || code.trim() === ''}>
            {t.codeSubmit}
          </Button>
        </div>
      </form>
    );
  } else if (stage.name === 'sms') {
    content = (
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submitSms(stage);
        }}
      >
        <Body1>{t.smsIntro(stage.phoneLast2)}</Body1>
        <Field label={t.smsLabel} required>
          <Input inputMode="numeric" autoComplete="one-time-code" value={smsCode} onChange={(_event, data) => setSmsCode(data.value)} />
        </Field>
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={busy !== null || smsCode.trim() === ''}>
            {t.smsSubmit}
          </Button>
          <Button type="button" disabled={busy !== null} onClick={() => void resendSms(stage)}>
            {t.smsResend}
          </Button>
        </div>
      </form>
    );
  } else if (stage.name === 'read') {
    const { message, unlocked } = stage;
    const expires = formatDate(stage.meta.expiresAt, language);
    content = (
      <>
        {unlocked.session.sender.address && <Body1>{t.from(unlocked.session.sender.address)}</Body1>}
        {expires && <Caption1>{t.expires(expires)}</Caption1>}
        <section aria-label={t.title}>
          <div className={styles.body}>{plainText(message)}</div>
        </section>
        <section aria-labelledby="guest-attachments">
          <Subtitle2 as="h2" id="guest-attachments">
            {t.attachmentsHeading}
          </Subtitle2>
          {message.attachments.length === 0 ? (
            <Body1>{t.noAttachments}</Body1>
          ) : (
            <ul className={styles.list}>
              {message.attachments.map((a) => (
                <li key={a.partId}>
                  <Button appearance="subtle" disabled={busy !== null} onClick={() => void saveAttachment(stage, a)}>
                    {t.download(a.name)}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="guest-reply">
          <Subtitle2 as="h2" id="guest-reply">
            {t.replyHeading}
          </Subtitle2>
          {replySent && <Status intent="success" text={t.replySent} />}
          <form
            className={styles.form}
            onSubmit={(event) => {
              event.preventDefault();
              void submitReply(stage);
            }}
          >
            <Body1>{t.replyIntro}</Body1>
            <Field label={t.replyLabel} required>
              <Textarea value={reply} onChange={(_event, data) => setReply(data.value)} resize="vertical" />
            </Field>
            <div className={styles.form}>
              <Label htmlFor={fileInputId}>{t.replyFiles}</Label>
              <input id={fileInputId} type="file" multiple onChange={(event) => void run(t.loading, () => addFiles(event.target.files))} />
            </div>
            {files.length > 0 && (
              <ul className={styles.list}>
                {files.map((f, i) => (
                  <li key={`${f.name}-${String(i)}`}>
                    {f.name}{' '}
                    <Button size="small" appearance="subtle" onClick={() => setFiles((current) => current.filter((_, j) => j !== i))}>
                      {t.replyRemove(f.name)}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <div className={styles.actions}>
              <Button appearance="primary" type="submit" disabled={busy !== null}>
                {t.replySend}
              </Button>
            </div>
          </form>
        </section>
      </>
    );
  }

  return (
    <main className={styles.root} lang={language}>
      {header}
      {content}
      {notice && <Status text={notice} />}
      <Problem text={problem} />
      <Busy label={busy} />
    </main>
  );
}
