// Login: pre-login (the account's KDF parameters, checked against the compiled-in floor), Argon2id
// here, the auth value to the server, then a second factor (app, SMS or backup code). The wrapped
// keys that come back are unlocked with the same derived password key, so Argon2 runs once.
import { useEffect, useState } from 'react';
import { Button, Field, Input, Link, Text } from '@fluentui/react-components';
import type { FullLogin, IssuedSession, KdfParams, Me, SecondFactorMethod } from '../../api/types';
import { isApiError } from '../../api/types';
import type { PasswordKeys, UnlockedAccountKeys } from '../../state/account-crypto';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, useAction } from '../components/Feedback';
import { PasswordInput } from '../components/PasswordInput';
import { FactorCodeEntry } from '../components/FactorCodeEntry';

export type LoggedIn =
  | { stage: 'setup'; email: string; session: IssuedSession }
  | { stage: 'full'; me: Me; session: IssuedSession; login: FullLogin; kdf: KdfParams; unlocked: UnlockedAccountKeys };

interface Attempt {
  attemptToken: string;
  methods: SecondFactorMethod[];
  passwordKeys: PasswordKeys;
  kdf: KdfParams;
}

export function Login(props: { initialEmail: string; onLoggedIn: (result: LoggedIn) => void; onForgot: (email: string) => void; onRegister: () => void }) {
  const { t, api, loadCrypto } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [email, setEmail] = useState(props.initialEmail);
  const [password, setPassword] = useState('');
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [method, setMethod] = useState<SecondFactorMethod>('totp');
  const [code, setCode] = useState('');
  // The crypto chunk (openpgp, Argon2) is fetched while the password is typed, not after it is sent;
  // a failure shows when the password is submitted.
  useEffect(() => {
    void loadCrypto().catch(() => undefined);
  }, [loadCrypto]);
  const address = email.trim();

  const passwordStage = () =>
    action.run(async () => {
      const crypto = await loadCrypto();
      const { kdf } = await api.prelogin({ email: address });
      const passwordKeys = await crypto.passwordKeys({ password, kdf });
      const result = await api.login({ email: address, authValue: passwordKeys.authValue });
      if (result.stage === 'setup') {
        props.onLoggedIn({ stage: 'setup', email: address, session: result.session });
        return;
      }
      setAttempt({ attemptToken: result.attemptToken, methods: result.methods, passwordKeys, kdf });
      setMethod(result.methods[0] ?? 'totp');
      setCode('');
    });

  const factorStage = (current: Attempt) =>
    action.run(async () => {
      try {
        const login = await api.completeLogin({ attemptToken: current.attemptToken, method, code: code.trim() });
        // The keys' associated data names the account, so unlocking needs its id.
        const me = await api.me();
        const crypto = await loadCrypto();
        const unlocked = await crypto.unlock({ accountId: me.accountId, passwordKeys: current.passwordKeys, ...login.keys });
        setPassword('');
        props.onLoggedIn({ stage: 'full', me, session: login.session, login, kdf: login.kdf ?? current.kdf, unlocked });
      } catch (error) {
        // The attempt lives five minutes: when it is gone, start again from the password.
        if (isApiError(error, 'CHALLENGE_INVALID')) setAttempt(null);
        throw error;
      }
    });

  if (attempt) {
    return (
      <Screen title={t('loginFactorTitle')}>
        <form
          className={form.form}
          onSubmit={(event) => {
            event.preventDefault();
            void factorStage(attempt);
          }}
        >
          <FactorCodeEntry
            methods={attempt.methods}
            method={method}
            onMethodChange={setMethod}
            code={code}
            onCodeChange={setCode}
            sendSms={() => api.sendLoginSms({ attemptToken: attempt.attemptToken })}
          />
          <ErrorBar error={action.error} />
          {action.busy && <Busy label={t('unlocking')} />}
          <div className={form.actions}>
            <Button appearance="primary" type="submit" disabled={action.busy || code.trim() === ''}>
              {t('loginCodeSubmit')}
            </Button>
            <Button onClick={() => setAttempt(null)}>{t('back')}</Button>
          </div>
        </form>
      </Screen>
    );
  }

  return (
    <Screen title={t('loginTitle')}>
      <form
        className={form.form}
        onSubmit={(event) => {
          event.preventDefault();
          void passwordStage();
        }}
      >
        <Field label={t('emailLabel')} required>
          <Input type="email" autoComplete="username" value={email} onChange={(_event, data) => setEmail(data.value)} />
        </Field>
        <PasswordInput label={t('passwordLabel')} value={password} onChange={setPassword} autoComplete="current-password" />
        <ErrorBar error={action.error} />
        {action.busy && <Busy label={t('pleaseWait')} />}
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy || address === '' || password === ''}>
            {t('loginSubmit')}
          </Button>
        </div>
      </form>
      <Text>
        <Link as="button" onClick={() => props.onForgot(address)}>
          {t('forgotPassword')}
        </Link>
      </Text>
      <Text>
        <Link as="button" onClick={props.onRegister}>
          {t('noAccountYet')}
        </Link>
      </Text>
    </Screen>
  );
}
