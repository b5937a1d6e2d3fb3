// Opening the keys again: after the pane was closed and reopened, the session is kept (sessionStorage)
// but the unlocked keys were in memory only. The password alone opens the wrapped copy kept with the
// session (no second factor: the session already had one); then the app returns to where it was.
import { useEffect, useState } from 'react';
import { Button, Link, Text } from '@fluentui/react-components';
import { useApp } from '../services';
import { unlockedKeys } from '../keys';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, useAction } from '../components/Feedback';
import { PasswordInput } from '../components/PasswordInput';

export function Unlock(props: { email: string; onUnlocked: () => void; onLogout: () => void }) {
  const services = useApp();
  const { t, api, sessions, loadCrypto } = services;
  const form = useFormStyles();
  const action = useAction();
  const [password, setPassword] = useState('');
  // The crypto chunk (openpgp, Argon2) is fetched while the password is typed, not after it is sent;
  // a failure shows when the password is submitted.
  useEffect(() => {
    void loadCrypto().catch(() => undefined);
  }, [loadCrypto]);

  const submit = () =>
    action.run(async () => {
      const crypto = await loadCrypto();
      // The parameters the session was opened with; the server's again when none were kept.
      const kdf = sessions.load()?.kdf ?? (await api.prelogin({ email: props.email })).kdf;
      const passwordKeys = await crypto.passwordKeys({ password, kdf });
      await unlockedKeys(services, passwordKeys);
      setPassword('');
      props.onUnlocked();
    });

  return (
    <Screen title={t('unlockTitle')}>
      <Text>{t('unlockIntro', { email: props.email })}</Text>
      <form
        className={form.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <PasswordInput label={t('passwordLabel')} value={password} onChange={setPassword} autoComplete="current-password" />
        <ErrorBar error={action.error} />
        {action.busy && <Busy label={t('unlocking')} />}
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy || password === ''}>
            {t('unlockSubmit')}
          </Button>
        </div>
      </form>
      <Text>
        <Link as="button" onClick={props.onLogout}>
          {t('unlockLoginInstead')}
        </Link>
      </Text>
    </Screen>
  );
}
