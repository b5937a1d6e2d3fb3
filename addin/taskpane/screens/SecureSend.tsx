// Secure send inside the taskpane: the pane of addin/secure-send with the real parts wired in — the
// draft through the Office adapters, the Secure send API on the session's access token, the unlocked
// keys, the court key pins, the fingerprint memory of this account and the receipt issuer. The app
// shows this only with the keys unlocked (else the Unlock screen first).
import { useMemo } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { SecureSendPane } from '../../secure-send/SecureSendPane';
import type { ComposeCapabilities, SenderKeys } from '../../secure-send/types';
import type { UnlockedAccountKeys } from '../../state/key-vault';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';

export function SecureSendScreen(props: { email: string; accountId: string; keys: UnlockedAccountKeys; compose: ComposeCapabilities | null; onHome: () => void; onSessionEnded: () => void }) {
  const { t, language, secureSend } = useApp();
  const form = useFormStyles();
  const { accountId, keys } = props;
  const sender = useMemo<SenderKeys>(() => ({ accountId, privateKey: keys.privateKey, publicKey: keys.publicKey, fingerprint: keys.fingerprint }), [accountId, keys]);
  const fingerprintMemory = useMemo(() => secureSend.fingerprintMemory(accountId), [secureSend, accountId]);

  if (!props.compose) {
    return (
      <Screen title={t('secureSendAction')}>
        <Text>{t('secureSendNeedsCompose')}</Text>
        <div className={form.actions}>
          <Button onClick={props.onHome}>{t('toOverview')}</Button>
        </div>
      </Screen>
    );
  }
  return (
    <>
      <nav aria-label={t('appTitle')} className={form.actions}>
        <Text>{t('signedInAs', { email: props.email })}</Text>
        <Button onClick={props.onHome}>{t('toOverview')}</Button>
      </nav>
      <SecureSendPane
        compose={props.compose}
        api={secureSend.api}
        keys={sender}
        courtKeyPins={secureSend.courtKeyPins}
        fingerprintMemory={fingerprintMemory}
        language={language}
        receiptIssuer={secureSend.receiptIssuer}
        onSessionEnded={props.onSessionEnded}
        {...(secureSend.webAppUrl ? { webAppUrl: secureSend.webAppUrl } : {})}
        {...(secureSend.loadCrypto ? { loadCrypto: secureSend.loadCrypto } : {})}
        {...(secureSend.pendingSends ? { pendingSends: secureSend.pendingSends } : {})}
        {...(secureSend.retryDelaysMs ? { retryDelaysMs: secureSend.retryDelaysMs } : {})}
        {...(secureSend.sleep ? { sleep: secureSend.sleep } : {})}
        {...(secureSend.download ? { download: secureSend.download } : {})}
      />
    </>
  );
}
