// Forgotten password: the recovery code (its auth value) and a second factor, then a new password,
// then a NEW recovery code shown once. The user key itself never changes, so every message stays
// readable; the server ends every session when the reset completes.
import { useCallback, useState } from 'react';
import { Button, Field, Input, Text } from '@fluentui/react-components';
import type { RecoveryVerified, SecondFactorMethod } from '../../api/types';
import type { UnlockedAccountKeys } from '../../state/account-crypto';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, useAction } from '../components/Feedback';
import { CodeField } from '../components/CodeField';
import { FactorCodeEntry } from '../components/FactorCodeEntry';
import { NewPasswordField } from '../components/PasswordInput';
import { RecoveryCodeStep } from './SecretSteps';

type Stage =
  | { name: 'code' }
  | { name: 'factor'; code: string; attemptToken: string; methods: SecondFactorMethod[] }
  | { name: 'password'; verified: RecoveryVerified; unlocked: UnlockedAccountKeys }
  | { name: 'new-code'; code: string };

export function PasswordReset(props: { initialEmail: string; onDone: () => void; onCancel: () => void }) {
  const { t, api, loadCrypto } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [stage, setStage] = useState<Stage>({ name: 'code' });
  const [email, setEmail] = useState(props.initialEmail);
  const [recoveryText, setRecoveryText] = useState('');
  const [method, setMethod] = useState<SecondFactorMethod>('totp');
  const [factorCode, setFactorCode] = useState('');
  const [password, setPassword] = useState('');
  const [acceptable, setAcceptable] = useState(false);
  const onVerdict = useCallback((ok: boolean) => setAcceptable(ok), []);
  const address = email.trim();

  const startWithCode = () =>
    action.run(async () => {
      const crypto = await loadCrypto();
      const code = crypto.parseRecoveryCode(recoveryText);
      const started = await api.startRecovery({ email: address, recoveryAuthValue: await crypto.recoveryAuthValue(code) });
      setMethod(started.methods[0] ?? 'totp');
      setStage({ name: 'factor', code, attemptToken: started.attemptToken, methods: started.methods });
    });

  const verifyFactor = (current: Extract<Stage, { name: 'factor' }>) =>
    action.run(async () => {
      const verified = await api.verifyRecovery({ attemptToken: current.attemptToken, method, code: factorCode.trim() });
      const crypto = await loadCrypto();
      const unlocked = await crypto.unlockWithRecoveryCode({ accountId: verified.accountId, code: current.code, wrappedUserKeyByRecovery: verified.wrappedUserKeyByRecovery, encryptedPrivateKey: verified.encryptedPrivateKey });
      setStage({ name: 'password', verified, unlocked });
    });

  const complete = (current: Extract<Stage, { name: 'password' }>) =>
    action.run(async () => {
      const crypto = await loadCrypto();
      const { accountId } = current.verified;
      const newPassword = await crypto.newPasswordWrap({ accountId, userKey: current.unlocked.userKey, newPassword: password });
      const { code, recovery } = await crypto.newRecovery({ accountId, userKey: current.unlocked.userKey });
      await api.completeRecovery({ resetToken: current.verified.resetToken, password: newPassword, recovery });
      current.unlocked.userKey.fill(0);
      setPassword('');
      setStage({ name: 'new-code', code });
    });

  if (stage.name === 'new-code') {
    return <RecoveryCodeStep email={address} code={stage.code} title={t('newRecoveryTitle')} intro={t('newRecoveryIntro')} continueLabel={t('loginTitle')} onKept={props.onDone} />;
  }

  return (
    <Screen title={stage.name === 'code' ? t('resetTitle') : stage.name === 'factor' ? t('resetFactorTitle') : t('resetPasswordTitle')}>
      {stage.name === 'code' && (
        <>
          <Text>{t('resetIntro')}</Text>
          <form
            className={form.form}
            onSubmit={(event) => {
              event.preventDefault();
              void startWithCode();
            }}
          >
            <Field label={t('emailLabel')} required>
              <Input type="email" autoComplete="username" value={email} onChange={(_event, data) => setEmail(data.value)} />
            </Field>
            <CodeField label={t('recoveryCodeLabel')} hint={t('recoveryCodeHint')} value={recoveryText} onChange={setRecoveryText} />
            <ErrorBar error={action.error} />
            {action.busy && <Busy label={t('pleaseWait')} />}
            <div className={form.actions}>
              <Button appearance="primary" type="submit" disabled={action.busy || address === '' || recoveryText.trim() === ''}>
                {t('continue')}
              </Button>
              <Button onClick={props.onCancel}>{t('cancel')}</Button>
            </div>
          </form>
          <Text size={200}>{t('bothLost')}</Text>
        </>
      )}
      {stage.name === 'factor' && (
        <form
          className={form.form}
          onSubmit={(event) => {
            event.preventDefault();
            void verifyFactor(stage);
          }}
        >
          <FactorCodeEntry
            methods={stage.methods}
            method={method}
            onMethodChange={setMethod}
            code={factorCode}
            onCodeChange={setFactorCode}
            sendSms={() => api.sendRecoverySms({ attemptToken: stage.attemptToken })}
          />
          <ErrorBar error={action.error} />
          {action.busy && <Busy label={t('unlocking')} />}
          <div className={form.actions}>
            <Button appearance="primary" type="submit" disabled={action.busy || factorCode.trim() === ''}>
              {t('continue')}
            </Button>
            <Button onClick={props.onCancel}>{t('cancel')}</Button>
          </div>
        </form>
      )}
      {stage.name === 'password' && (
        <form
          className={form.form}
          onSubmit={(event) => {
            event.preventDefault();
            void complete(stage);
          }}
        >
          <Field label={t('emailLabel')}>
            <Input type="email" readOnly value={address} autoComplete="username" />
          </Field>
          <NewPasswordField label={t('newPasswordLabel')} value={password} onChange={setPassword} email={address} onVerdict={onVerdict} />
          <ErrorBar error={action.error} />
          {action.busy && <Busy label={t('makingKeys')} />}
          <div className={form.actions}>
            <Button appearance="primary" type="submit" disabled={action.busy || !acceptable}>
              {t('resetSubmit')}
            </Button>
          </div>
        </form>
      )}
    </Screen>
  );
}
