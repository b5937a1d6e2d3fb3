// The web app inside the taskpane app: inbox, reader, clerks' desk, sending and receipt checks of
// addin/webapp with the real parts wired in — its API on the session's access token, the unlocked
// keys, the court key pins, this account's fingerprint memory and the receipt issuer. In Outlook's
// reading pane ('notified') it first looks in the open mail for a Zegel notification link and opens
// that message. The app shows this only with the keys unlocked (else the Unlock screen first).
import { useEffect, useMemo, useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { WebApp, type WebAppView } from '../../webapp/WebApp';
import { notifiedMessageId } from '../../webapp/notification-link';
import type { SenderKeys } from '../../secure-send/types';
import type { UnlockedAccountKeys } from '../../state/key-vault';
import { useApp } from '../services';
import { useFormStyles } from '../components/Screen';
import { Busy } from '../components/Feedback';

/** A view, a message (from a `#message=` link), or the message the open mail's notification names. */
export type WebAppStart = WebAppView | { messageId: string } | 'notified';

export function WebAppScreen(props: { email: string; accountId: string; keys: UnlockedAccountKeys; start: WebAppStart; onHome: () => void; onSessionEnded: () => void }) {
  const { t, language, secureSend, webApp, office } = useApp();
  const form = useFormStyles();
  const { accountId, keys, start } = props;
  const sender = useMemo<SenderKeys>(() => ({ accountId, privateKey: keys.privateKey, publicKey: keys.publicKey, fingerprint: keys.fingerprint }), [accountId, keys]);
  const fingerprintMemory = useMemo(() => secureSend.fingerprintMemory(accountId), [secureSend, accountId]);
  const account = useMemo(() => ({ accountId, email: props.email }), [accountId, props.email]);
  const [initial, setInitial] = useState<WebAppView | { messageId: string } | null>(start === 'notified' ? null : start);

  useEffect(() => {
    if (start !== 'notified') return;
    let live = true;
    const readBody = office.readItemBody ?? (() => Promise.resolve(null));
    // A mail without a link (or a failing read) simply opens the inbox.
    void readBody()
      .then((body) => (body ? notifiedMessageId(body, secureSend.receiptIssuer) : null))
      .catch(() => null)
      .then((messageId) => {
        if (live) setInitial(messageId ? { messageId } : 'inbox');
      });
    return () => {
      live = false;
    };
  }, [start, office, secureSend.receiptIssuer]);

  return (
    <>
      <nav aria-label={t('appTitle')} className={form.actions}>
        <Text>{t('signedInAs', { email: props.email })}</Text>
        <Button onClick={props.onHome}>{t('toOverview')}</Button>
      </nav>
      {initial === null ? (
        <Busy label={t('openingNotifiedMessage')} />
      ) : (
        <WebApp
          api={webApp}
          keys={sender}
          account={account}
          language={language}
          courtKeyPins={secureSend.courtKeyPins}
          fingerprintMemory={fingerprintMemory}
          receiptIssuer={secureSend.receiptIssuer}
          initialView={initial}
          onSessionEnded={props.onSessionEnded}
        />
      )}
    </>
  );
}
