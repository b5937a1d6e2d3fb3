// Onboarding step 2: register (with an invitation token from the link, or a mailed code), then choose
// a password; the keys and the recovery code are made here, and only their wrapped forms are sent.
import { useCallback, useState } from 'react';
import { Button, Field, Input, Text } from '@fluentui/react-components';
import type { IssuedSession, KdfParams, ProfessionalKind, WrappedKeys } from '../../api/types';
import { isApiError } from '../../api/types';
import type { UnlockedAccountKeys } from '../../state/account-crypto';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, Notice, useAction } from '../components/Feedback';
import { CodeField } from '../components/CodeField';
import { NewPasswordField } from '../components/PasswordInput';

/** Proof of control of the address, kept in memory only (the enrolment token lives 30 minutes). */
export interface Enrolment {
  email: string;
  accountId: string;
  enrolmentToken: string;
  invitationToken: string | null;
  /** What the invitation was for (known only when registering through one). */
  invitationKind: ProfessionalKind | null;
}

export function RegisterEmail(props: { initialEmail: string; invitationToken: string | null; onVerified: (enrolment: Enrolment) => void; onCodeSent: (email: string) => void; onLogin: () => void }) {
  const { t, api } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [email, setEmail] = useState(props.initialEmail);
  const submit = () =>
    action.run(async () => {
      const address = email.trim();
      const result = await api.register({ email: address, ...(props.invitationToken ? { invitationToken: props.invitationToken } : {}) });
      if (result.status === 'verified') props.onVerified({ email: address, accountId: result.accountId, enrolmentToken: result.enrolmentToken, invitationToken: props.invitationToken, invitationKind: kindOf(result.invitation.kind) });
      else props.onCodeSent(address);
    });
  return (
    <Screen title={t('registerTitle')} step={2}>
      <Text>{props.invitationToken ? t('invitationFound') : t('registerIntro')}</Text>
      <form
        className={form.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field label={t('emailLabel')} required>
          <Input type="email" autoComplete="email" value={email} onChange={(_event, data) => setEmail(data.value)} />
        </Field>
        <ErrorBar error={action.error} />
        {isApiError(action.error, 'INVITATION_INVALID') && <Text>{t('alreadyAccount')}</Text>}
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy || email.trim() === ''}>
            {t('registerSubmit')}
          </Button>
          <Button onClick={props.onLogin}>{t('haveAccount')}</Button>
        </div>
      </form>
    </Screen>
  );
}

export function VerifyCode(props: { email: string; initialCode: string; onVerified: (enrolment: Enrolment) => void; onOtherAddress: () => void }) {
  const { t, api } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [code, setCode] = useState(props.initialCode);
  const [resent, setResent] = useState(false);
  return (
    <Screen title={t('verifyTitle')} step={2}>
      <Text>{t('checkYourMail', { email: props.email })}</Text>
      <form
        className={form.form}
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const verified = await api.verifyAddress({ email: props.email, code: code.trim() });
            props.onVerified({ email: props.email, accountId: verified.accountId, enrolmentToken: verified.enrolmentToken, invitationToken: null, invitationKind: null });
          });
        }}
      >
        <CodeField label={t('verificationCodeLabel')} value={code} onChange={setCode} />
        {resent && <Notice>{t('newCodeSent')}</Notice>}
        <ErrorBar error={action.error} />
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy || code.trim() === ''}>
            {t('verifySubmit')}
          </Button>
          <Button
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await api.register({ email: props.email });
                setResent(true);
              })
            }
          >
            {t('sendNewCode')}
          </Button>
          <Button onClick={props.onOtherAddress}>{t('otherAddress')}</Button>
        </div>
      </form>
    </Screen>
  );
}

const kindOf = (kind: string): ProfessionalKind | null => (kind === 'lawyer' || kind === 'bailiff' ? kind : null);

export interface ActivatedAccount {
  email: string;
  invitationKind: ProfessionalKind | null;
  accountId: string;
  recoveryCode: string;
  unlocked: UnlockedAccountKeys;
  keys: WrappedKeys;
  kdf: KdfParams;
  /** The set-up session that may only add a second factor (null if the server asked for a login). */
  session: IssuedSession | null;
}

export function ChoosePassword(props: { enrolment: Enrolment; onActivated: (account: ActivatedAccount) => void; onRestart: () => void }) {
  const { t, api, loadCrypto } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [password, setPassword] = useState('');
  const [acceptable, setAcceptable] = useState(false);
  const onVerdict = useCallback((ok: boolean) => setAcceptable(ok), []);
  const { enrolment } = props;
  const submit = () =>
    action.run(async () => {
      const crypto = await loadCrypto();
      const prepared = await crypto.prepareActivation({ accountId: enrolment.accountId, password });
      await api.activate({
        accountId: enrolment.accountId,
        enrolmentToken: enrolment.enrolmentToken,
        ...(enrolment.invitationToken ? { invitationToken: enrolment.invitationToken } : {}),
        ...prepared.request,
      });
      // The auth value is already derived: log in with it instead of running Argon2 again.
      const login = await api.login({ email: enrolment.email, authValue: prepared.request.authValue });
      props.onActivated({
        email: enrolment.email,
        invitationKind: enrolment.invitationKind,
        accountId: enrolment.accountId,
        recoveryCode: prepared.recoveryCode,
        unlocked: prepared.unlocked,
        keys: prepared.request.keys,
        kdf: prepared.request.kdf,
        session: login.stage === 'setup' ? login.session : null,
      });
    });
  return (
    <Screen title={t('passwordTitle')} step={2}>
      <Text>{t('passwordNeverLeaves')}</Text>
      <form
        className={form.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field label={t('emailLabel')}>
          <Input type="email" readOnly value={enrolment.email} autoComplete="username" />
        </Field>
        <NewPasswordField label={t('passwordLabel')} value={password} onChange={setPassword} email={enrolment.email} onVerdict={onVerdict} />
        <ErrorBar error={action.error} />
        {action.busy && <Busy label={t('makingKeys')} />}
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy || !acceptable}>
            {t('activateSubmit')}
          </Button>
          {isApiError(action.error, 'INVITATION_INVALID') && <Button onClick={props.onRestart}>{t('sendNewCode')}</Button>}
        </div>
      </form>
    </Screen>
  );
}
