// Setting up one second factor: the authenticator app (QR code from the API as an image, the secret as
// text for manual entry, a code to confirm) or SMS (number, code, confirm). The first factor returns
// backup codes and a new full session; later ones need a step-up token.
import { useEffect, useRef, useState } from 'react';
import { Button, Field, Image, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { FactorConfirmed, TotpEnrolment } from '../../api/types';
import { useApp } from '../services';
import { CodeField } from './CodeField';
import { Busy, ErrorBar, Notice, useAction } from './Feedback';
import { useFormStyles } from './Screen';

const useStyles = makeStyles({
  qr: { width: '200px', height: '200px', backgroundColor: '#ffffff', padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium },
});

/** The SVG as a data: URL (allowed by the page's img-src), never injected as markup. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Base32 in groups of four, easier to type into an app. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function TotpSetup(props: { stepUpToken?: string | undefined; onConfirmed: (result: FactorConfirmed) => void }) {
  const { t, api } = useApp();
  const form = useFormStyles();
  const styles = useStyles();
  const action = useAction();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const started = useRef(false);
  const { run } = action;
  const { stepUpToken } = props;

  useEffect(() => {
    // A step-up grant is single use: start exactly once per mount.
    if (started.current) return;
    started.current = true;
    void run(async () => setEnrolment(await api.startTotp(stepUpToken ? { stepUpToken } : {})));
  }, [api, run, stepUpToken]);

  if (!enrolment) return action.error ? <ErrorBar error={action.error} /> : <Busy label={t('pleaseWait')} />;
  return (
    <form
      className={form.form}
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => props.onConfirmed(await api.confirmTotp({ code: code.trim() })));
      }}
    >
      <Text>{t('scanQr')}</Text>
      <Image className={styles.qr} src={svgDataUrl(enrolment.qrSvg)} alt={t('qrAlt')} />
      <Text>{t('manualSecret')}</Text>
      <Text className={form.mono}>{groupSecret(enrolment.secret)}</Text>
      <CodeField label={t('appCodeLabel')} value={code} onChange={setCode} numeric />
      <ErrorBar error={action.error} />
      <div className={form.actions}>
        <Button appearance="primary" type="submit" disabled={action.busy || code.trim() === ''}>
          {t('confirmApp')}
        </Button>
      </div>
    </form>
  );
}

export function SmsSetup(props: { stepUpToken?: string | undefined; onConfirmed: (result: FactorConfirmed) => void }) {
  const { t, api } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [phone, setPhone] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const { run } = action;

  const send = () =>
    run(async () => {
      await api.startSms({ phone: phone.trim(), ...(props.stepUpToken ? { stepUpToken: props.stepUpToken } : {}) });
      setSentTo(phone.trim());
    });
  const confirm = () => run(async () => props.onConfirmed(await api.confirmSms({ phone: sentTo ?? phone.trim(), code: code.trim() })));

  return (
    <form
      className={form.form}
      onSubmit={(event) => {
        event.preventDefault();
        void (sentTo === null ? send() : confirm());
      }}
    >
      <Field label={t('phoneLabel')} hint={t('phoneHint')} required>
        <Input type="tel" autoComplete="tel" value={phone} onChange={(_event, data) => setPhone(data.value)} disabled={sentTo !== null} />
      </Field>
      {sentTo === null ? (
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy || phone.trim() === ''}>
            {t('sendSms')}
          </Button>
        </div>
      ) : (
        <>
          <Notice>{t('smsSent')}</Notice>
          <CodeField label={t('smsCodeLabel')} value={code} onChange={setCode} numeric />
          <div className={form.actions}>
            <Button appearance="primary" type="submit" disabled={action.busy || code.trim() === ''}>
              {t('confirmSms')}
            </Button>
            {/* A step-up grant is single use, so only the first factor's set-up can send again here. */}
            {!props.stepUpToken && (
              <Button disabled={action.busy} onClick={() => setSentTo(null)}>
                {t('sendNewCode')}
              </Button>
            )}
          </div>
        </>
      )}
      <ErrorBar error={action.error} />
    </form>
  );
}
