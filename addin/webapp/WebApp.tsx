// The web app after login: inbox, sent, the court clerks' desk (for clerks of a unit with a key), a
// new secure message, and receipt verification; a message opens in the reader, where a reply starts.
// A small state machine over the views (no router); everything comes in as props, so it mounts in
// the plain browser after login and in Outlook's read surface (initialView), and tests render it
// with fakes or the real API.
import { useId, useMemo, useState } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { DEFAULT_RETRY_DELAYS_MS } from '../secure-send/limits';
import { realSleep } from '../secure-send/send-flow';
import { ClerkDesk } from './ClerkDesk';
import { browserDownload, WebAppProvider, useWebApp, type DownloadFile, type WebAppSettings } from './context';
import { loadWebAppCrypto, type WebAppCrypto } from './crypto-loader';
import { Inbox } from './Inbox';
import { MessageView, type ReplyContext } from './MessageView';
import { SendView } from './SendView';
import { VerifyReceipt } from './VerifyReceipt';
import { useLoaded, useWebStyles } from './ui';

export type WebAppView = 'inbox' | 'sent' | 'desk' | 'send' | 'verify';

export interface WebAppProps extends Pick<WebAppSettings, 'api' | 'keys' | 'account' | 'language' | 'courtKeyPins' | 'fingerprintMemory' | 'receiptIssuer'> {
  /** Where to start: a view, or a message to open (e.g. from a notification e-mail's link). */
  initialView?: WebAppView | { messageId: string };
  loadCrypto?: () => Promise<WebAppCrypto>;
  /** Saves a file; a browser download by default. */
  download?: (file: DownloadFile) => void;
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Plaintext bytes per encrypted chunk when sending (4 MiB by default). */
  chunkSize?: number;
  clerkKey?: WebAppSettings['clerkKey'];
  onSessionEnded?: () => void;
}

type Route =
  | { name: WebAppView }
  | { name: 'message'; messageId: string; back: WebAppView }
  | { name: 'reply'; reply: ReplyContext; back: Route };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  nav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: 0, padding: 0, listStyleType: 'none' },
});

const NAV: readonly WebAppView[] = ['inbox', 'sent', 'desk', 'send', 'verify'];

function Views(props: { initial: Route }) {
  const app = useWebApp();
  const { t } = app;
  const styles = useStyles();
  const webStyles = useWebStyles();
  const navId = useId();
  const [route, setRoute] = useState<Route>(props.initial);
  const [units] = useLoaded('units', async () => (await app.memberships()).filter((m) => m.key !== null).length);
  const isClerk = units.state === 'ready' && units.value > 0;
  const current: WebAppView | null = route.name === 'message' ? route.back : route.name === 'reply' ? null : route.name;

  let screen: React.ReactNode;
  switch (route.name) {
    case 'inbox':
    case 'sent':
      screen = <Inbox key={route.name} mode={route.name} onOpen={(messageId) => setRoute({ name: 'message', messageId, back: route.name as 'inbox' | 'sent' })} />;
      break;
    case 'desk':
      screen = <ClerkDesk onOpen={(messageId) => setRoute({ name: 'message', messageId, back: 'desk' })} />;
      break;
    case 'send':
      screen = <SendView key="new" />;
      break;
    case 'verify':
      screen = <VerifyReceipt />;
      break;
    case 'message':
      screen = <MessageView key={route.messageId} messageId={route.messageId} onBack={() => setRoute({ name: route.back })} onReply={(reply) => setRoute({ name: 'reply', reply, back: route })} />;
      break;
    case 'reply':
      screen = <SendView key={`reply-${route.reply.messageId}`} reply={route.reply} />;
      break;
  }

  // The host provides the page's <main> landmark; the app's title is its one h1.
  return (
    <div className={styles.root}>
      <h1 className={webStyles.title}>{t.title}</h1>
      <nav aria-labelledby={navId}>
        <span id={navId} hidden>
          {t.nav.label}
        </span>
        <ul className={styles.nav}>
          {NAV.filter((v) => v !== 'desk' || isClerk).map((view) => (
            <li key={view}>
              <Button appearance={current === view ? 'primary' : 'secondary'} aria-current={current === view ? 'page' : undefined} onClick={() => setRoute({ name: view })}>
                {t.nav[view]}
              </Button>
            </li>
          ))}
        </ul>
      </nav>
      {screen}
    </div>
  );
}

export function WebApp(props: WebAppProps) {
  const settings = useMemo<WebAppSettings>(
    () => ({
      api: props.api,
      keys: props.keys,
      account: props.account,
      language: props.language,
      courtKeyPins: props.courtKeyPins,
      fingerprintMemory: props.fingerprintMemory,
      receiptIssuer: props.receiptIssuer,
      loadCrypto: props.loadCrypto ?? loadWebAppCrypto,
      download: props.download ?? browserDownload,
      retry: { delaysMs: props.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: props.sleep ?? realSleep },
      chunkSize: props.chunkSize,
      clerkKey: props.clerkKey,
      onSessionEnded: props.onSessionEnded,
    }),
    // The API, keys and account are fixed for a session; a new login mounts a new WebApp.
    [props.api, props.keys, props.language],
  );
  const start = props.initialView ?? 'inbox';
  const initial: Route = typeof start === 'string' ? { name: start } : { name: 'message', messageId: start.messageId, back: 'inbox' };
  return (
    <WebAppProvider settings={settings}>
      <Views initial={initial} />
    </WebAppProvider>
  );
}
