// The taskpane app: Fluent UI with Office's theme mapped to light or dark, Dutch or English, and a small
// state machine over the screens (no router). Secrets of a flow in progress (enrolment token, recovery
// and backup codes) live in memory only; localStorage keeps the onboarding step, sessionStorage the
// refresh token (see README.md).
//
//   start ─► session kept? ─yes─► set-up session ─► onboarding: second factor
//     │                    └────► full session ──► onboarding: link number (if unfinished) ─► home
//     └─no─► #invitation / #verify / saved step ─► onboarding 1 check address ─► 2 register, verify,
//            password ─► 3 recovery code ─► 4 second factor, backup codes ─► 5 link number ─► 6 done
//            (steps after activation resume through the login)
//   signed in ─► home: Secure send when the pane runs on a draft (or ?view=secure-send), else the
//                overview; Secure send needs the keys unlocked: after a reopened pane, the password
//                opens them again (Unlock) and the app returns to Secure send; a session that ends
//                shows the login, and the login comes back to Secure send.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FluentProvider, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { HostInfo } from '../office/host';
import type { ApiClient, FactorConfirmed, ProfessionalKind } from '../api/types';
import { languageOf, translator, type MessageKey } from '../i18n/messages';
import { memoryKeyVault } from '../state/key-vault';
import { progressStore, type OnboardingStep } from '../state/onboarding-progress';
import { sessionStore } from '../state/session-store';
import { browserStorage } from '../state/storage';
import { loadAccountCrypto, loadPasswordRules } from '../state/lazy';
import { NO_OFFICE, browserFileActions, browserFragment, browserView, readFragment, type LocationFragment, type OfficeCapabilities, type StartView } from './capabilities';
import { defaultSecureSendServices, sessionWebAppApi } from './secure-send-services';
import { AppServicesProvider, type Services } from './services';
import { Busy, Notice } from './components/Feedback';
import { StepUpProvider } from './components/StepUpDialog';
import { CheckAddress } from './screens/CheckAddress';
import { ChoosePassword, RegisterEmail, VerifyCode, type ActivatedAccount, type Enrolment } from './screens/Register';
import { BackupCodesStep, RecoveryCodeStep } from './screens/SecretSteps';
import { SecondFactorStep } from './screens/SecondFactorStep';
import { LinkNumberStep } from './screens/LinkNumber';
import { DoneStep } from './screens/Done';
import { Login, type LoggedIn } from './screens/Login';
import { PasswordReset } from './screens/PasswordReset';
import { Home } from './screens/Home';
import { SecuritySettings } from './screens/SecuritySettings';
import { SecureSendScreen } from './screens/SecureSend';
import { Unlock } from './screens/Unlock';
import { WebAppScreen, type WebAppStart } from './screens/WebAppScreen';
import { Delegations } from './screens/Delegations';

const useStyles = makeStyles({
  root: { minHeight: '100vh', boxSizing: 'border-box', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export interface AppProps {
  host: HostInfo;
  api: ApiClient;
  /** Office capabilities from addin/office/ inside Outlook; none outside it. */
  office?: OfficeCapabilities;
  /** Defaults: lazy crypto with production settings, browser storage and downloads. Tests replace them. */
  services?: Partial<Omit<Services, 'api' | 'office'>>;
  fragment?: LocationFragment;
  /** What the page's query asks to open (`?view=secure-send`); read from the address bar by default. */
  view?: StartView;
}

type Route =
  | { name: 'starting' }
  | { name: 'onboarding'; step: OnboardingStep }
  | { name: 'login' }
  | { name: 'reset' }
  | { name: 'home' }
  | { name: 'link' }
  | { name: 'settings' }
  | { name: 'secure-send' }
  | { name: 'delegations' }
  | { name: 'webapp'; start: WebAppStart };

interface Account {
  email: string;
  accountId: string;
  invitationKind: ProfessionalKind | null;
}

/** Steps that mean "activated but not finished": a full login continues at the number. */
const UNFINISHED_AFTER_ACTIVATION: readonly OnboardingStep[] = ['recovery-code', 'second-factor', 'backup-codes', 'link-number'];

export function App(props: AppProps) {
  const styles = useStyles();
  const language = languageOf(props.host.displayLanguage);
  const t = translator(language);
  const { api } = props;

  const services = useMemo<Services>(
    () => ({
      api,
      office: props.office ?? NO_OFFICE,
      files: props.services?.files ?? browserFileActions(),
      loadCrypto: props.services?.loadCrypto ?? loadAccountCrypto,
      loadPasswordRules: props.services?.loadPasswordRules ?? loadPasswordRules,
      vault: props.services?.vault ?? memoryKeyVault(),
      progress: props.services?.progress ?? progressStore(browserStorage('localStorage')),
      sessions: props.services?.sessions ?? sessionStore(browserStorage('sessionStorage')),
      secureSend: props.services?.secureSend ?? defaultSecureSendServices({ api }),
      webApp: props.services?.webApp ?? sessionWebAppApi({ api, fetch: (input, init) => window.fetch(input, init) }),
    }),
    // Services are fixed for the app's life.
    [api],
  );
  const { progress, sessions, vault, office } = services;

  const [route, setRoute] = useState<Route>({ name: 'starting' });
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [account, setAccount] = useState<Account | null>(null);
  const [email, setEmail] = useState<string>('');
  // Secrets of the flow in progress: memory only, dropped once used.
  const [invitationToken, setInvitationToken] = useState<string | null>(null);
  const [verifyCode, setVerifyCode] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  // The vault is not React state: a change of it (keys opened again) is announced with this counter.
  const [, setKeysOpened] = useState(0);
  const compose = office.compose ?? null;
  const startView = useRef<StartView>(props.view === undefined ? browserView() : props.view);
  /** Where a mail link (#delegations) asked to go once signed in. */
  const destination = useRef<Route | null>(null);
  /** The signed-in home: Secure send on a draft (or when the query asks for it), else the overview. */
  const landing = useCallback((): Route => {
    const asked = destination.current;
    destination.current = null;
    if (asked) return asked;
    if (compose || startView.current === 'secure-send') return { name: 'secure-send' };
    // The read ribbon's button: the secure messages, opening the one a notification mail points to.
    return startView.current === 'inbox' ? { name: 'webapp', start: 'notified' } : { name: 'home' };
  }, [compose]);

  const go = useCallback((next: Route, message: MessageKey | null = null) => {
    setNotice(message);
    setRoute(next);
  }, []);
  const goStep = useCallback(
    (step: OnboardingStep, message: MessageKey | null = null, address?: string) => {
      progress.save(step, address);
      go({ name: 'onboarding', step }, message);
    },
    [go, progress],
  );

  const endSession = useCallback(
    (message: MessageKey) => {
      vault.clear();
      sessions.clear();
      api.forgetSession();
      go({ name: 'login' }, message);
    },
    [api, go, sessions, vault],
  );

  const afterFullLogin = useCallback(
    (message: MessageKey | null) => {
      const saved = progress.load();
      if (saved && UNFINISHED_AFTER_ACTIVATION.includes(saved.step)) {
        const lost: MessageKey | null = saved.step === 'recovery-code' ? 'recoveryMaybeLost' : saved.step === 'backup-codes' ? 'backupMaybeLost' : null;
        goStep('link-number', lost ?? message);
        return;
      }
      if (saved && saved.step !== 'done') progress.save('done');
      go(landing(), message);
    },
    [go, goStep, landing, progress],
  );

  const afterSetupLogin = useCallback(() => {
    const saved = progress.load();
    goStep('second-factor', saved?.step === 'recovery-code' ? 'recoveryMaybeLost' : null);
  }, [goStep, progress]);

  // Start-up: read the link's fragment once, resume a kept session, else resume the saved step.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const fragment = props.fragment ?? browserFragment();
    const intent = readFragment(fragment.hash);
    if (intent.kind !== 'none') fragment.clear();
    if (intent.kind === 'delegations') destination.current = { name: 'delegations' };
    if (intent.kind === 'message') destination.current = { name: 'webapp', start: { messageId: intent.messageId } };
    void (async () => {
      if (intent.kind === 'invitation') {
        setInvitationToken(intent.token);
        goStep('register');
        return;
      }
      if (intent.kind === 'verify') {
        setEmail(intent.email);
        setVerifyCode(intent.code);
        goStep('verify-code', null, intent.email);
        return;
      }
      const kept = sessions.load();
      if (kept) {
        try {
          const session = await api.resumeSession(kept.refreshToken);
          sessions.rotate(session.refreshToken);
          const me = await api.me();
          setAccount({ email: me.email, accountId: me.accountId, invitationKind: me.invitation?.kind ?? null });
          setEmail(me.email);
          if (session.stage === 'setup') afterSetupLogin();
          else afterFullLogin(null);
          return;
        } catch {
          sessions.clear();
          api.forgetSession();
        }
      }
      const saved = progress.load();
      if (saved?.email) setEmail(saved.email);
      if (intent.kind === 'login') return go({ name: 'login' });
      if (!saved || saved.step === 'check-address') return goStep('check-address');
      if (saved.step === 'register' || saved.step === 'verify-code') return goStep(saved.step);
      if (saved.step === 'password') return goStep('register', 'enrolmentExpired');
      if (saved.step === 'done') return go({ name: 'login' });
      return go({ name: 'login' }, saved.step === 'recovery-code' ? 'recoveryMaybeLost' : 'resumeOnboarding');
    })();
  }, [afterFullLogin, afterSetupLogin, api, go, goStep, progress, props.fragment, sessions]);

  const onVerified = (verified: Enrolment) => {
    setEnrolment(verified);
    setEmail(verified.email);
    goStep('password', null, verified.email);
  };

  const onActivated = (activated: ActivatedAccount) => {
    vault.set(activated.unlocked);
    setRecoveryCode(activated.recoveryCode);
    setEnrolment(null);
    setInvitationToken(null);
    setAccount({ email: activated.email, accountId: activated.accountId, invitationKind: activated.invitationKind });
    if (activated.session) {
      sessions.save({ refreshToken: activated.session.refreshToken, email: activated.email, accountId: activated.accountId, keys: activated.keys, kdf: activated.kdf });
    }
    goStep('recovery-code', null, activated.email);
  };

  const onLoggedIn = (result: LoggedIn) => {
    if (result.stage === 'setup') {
      sessions.save({ refreshToken: result.session.refreshToken, email: result.email, accountId: null, keys: null, kdf: null });
      setEmail(result.email);
      void api.me().then(
        (me) => {
          setAccount({ email: me.email, accountId: me.accountId, invitationKind: me.invitation?.kind ?? null });
          sessions.save({ refreshToken: sessions.load()?.refreshToken ?? result.session.refreshToken, email: me.email, accountId: me.accountId, keys: null, kdf: null });
          afterSetupLogin();
        },
        () => endSession('sessionEnded'),
      );
      return;
    }
    const { me, login, kdf, unlocked } = result;
    vault.set(unlocked);
    sessions.save({ refreshToken: result.session.refreshToken, email: me.email, accountId: me.accountId, keys: login.keys, kdf });
    setAccount({ email: me.email, accountId: me.accountId, invitationKind: me.invitation?.kind ?? null });
    setEmail(me.email);
    afterFullLogin(login.notice === 'backup-code-used' ? 'backupCodeUsed' : null);
  };

  const onFactorConfirmed = (result: FactorConfirmed) => {
    const kept = sessions.load();
    if (result.session && kept) {
      sessions.save({ ...kept, refreshToken: result.session.refreshToken, keys: result.keys });
    }
    if (result.backupCodes) {
      setBackupCodes(result.backupCodes);
      goStep('backup-codes');
    } else {
      goStep('link-number');
    }
  };

  const sessionEnded = useCallback(() => endSession('sessionEnded'), [endSession]);

  const logout = () => {
    void api.logout().catch(() => undefined);
    endSession('loggedOut');
  };

  const onboardingEmail = account?.email ?? email;
  const register = (
    <RegisterEmail
      initialEmail={office.mailboxAddress() ?? email}
      invitationToken={invitationToken}
      onVerified={onVerified}
      onCodeSent={(address) => {
        setEmail(address);
        goStep('verify-code', null, address);
      }}
      onLogin={() => go({ name: 'login' })}
    />
  );
  let screen: React.ReactNode;
  switch (route.name) {
    case 'starting':
      screen = <Busy label={t('pleaseWait')} />;
      break;
    case 'login':
      screen = (
        <Login
          initialEmail={email || office.mailboxAddress() || ''}
          onLoggedIn={onLoggedIn}
          onForgot={(address) => {
            setEmail(address);
            go({ name: 'reset' });
          }}
          onRegister={() => goStep('check-address')}
        />
      );
      break;
    case 'reset':
      screen = <PasswordReset initialEmail={email || office.mailboxAddress() || ''} onDone={() => endSession('resetDone')} onCancel={() => go({ name: 'login' })} />;
      break;
    case 'home':
      screen = account && (
        <Home
          email={account.email}
          onSettings={() => go({ name: 'settings' })}
          onLink={() => go({ name: 'link' })}
          onLogout={logout}
          onDelegations={() => go({ name: 'delegations' })}
          onSecureSend={compose ? () => go({ name: 'secure-send' }) : undefined}
          onMessages={() => go({ name: 'webapp', start: 'inbox' })}
        />
      );
      break;
    case 'secure-send': {
      const keys = vault.get();
      if (!account) break;
      screen = keys ? (
        <SecureSendScreen email={account.email} accountId={account.accountId} keys={keys} compose={compose} onHome={() => go({ name: 'home' })} onSessionEnded={sessionEnded} />
      ) : (
        <Unlock email={account.email} onUnlocked={() => setKeysOpened((n) => n + 1)} onLogout={logout} />
      );
      break;
    }
    case 'webapp': {
      const keys = vault.get();
      if (!account) break;
      screen = keys ? (
        <WebAppScreen key={JSON.stringify(route.start)} email={account.email} accountId={account.accountId} keys={keys} start={route.start} onHome={() => go({ name: 'home' })} onSessionEnded={sessionEnded} />
      ) : (
        <Unlock email={account.email} onUnlocked={() => setKeysOpened((n) => n + 1)} onLogout={logout} />
      );
      break;
    }
    case 'delegations':
      screen = account && <Delegations email={account.email} accountId={account.accountId} onBack={() => go({ name: 'home' })} />;
      break;
    case 'link':
      screen = account && <LinkNumberStep email={account.email} kind={account.invitationKind} onDone={() => go({ name: 'home' })} />;
      break;
    case 'settings':
      screen = account && <SecuritySettings email={account.email} accountId={account.accountId} onBack={() => go({ name: 'home' })} onLoggedOut={() => endSession('loggedOut')} />;
      break;
    case 'onboarding':
      switch (route.step) {
        case 'check-address':
          screen = <CheckAddress onCreate={() => goStep('register')} onLogin={() => go({ name: 'login' })} />;
          break;
        case 'register':
          screen = register;
          break;
        case 'verify-code':
          screen = <VerifyCode email={email} initialCode={verifyCode} onVerified={onVerified} onOtherAddress={() => goStep('register')} />;
          break;
        case 'password':
          screen = enrolment ? <ChoosePassword enrolment={enrolment} onActivated={onActivated} onRestart={() => goStep('register')} /> : register;
          break;
        case 'recovery-code':
          screen = recoveryCode ? (
            <RecoveryCodeStep
              email={onboardingEmail}
              code={recoveryCode}
              step={3}
              onKept={() => {
                setRecoveryCode(null);
                goStep('second-factor');
              }}
            />
          ) : (
            <SecondFactorStep onConfirmed={onFactorConfirmed} />
          );
          break;
        case 'second-factor':
          screen = <SecondFactorStep onConfirmed={onFactorConfirmed} />;
          break;
        case 'backup-codes':
          screen = backupCodes ? (
            <BackupCodesStep
              email={onboardingEmail}
              codes={backupCodes}
              step={4}
              onKept={() => {
                setBackupCodes(null);
                goStep('link-number');
              }}
            />
          ) : (
            <LinkNumberStep email={onboardingEmail} kind={account?.invitationKind ?? null} step={5} onDone={() => goStep('done')} />
          );
          break;
        case 'link-number':
          screen = <LinkNumberStep email={onboardingEmail} kind={account?.invitationKind ?? null} step={5} onDone={() => goStep('done')} />;
          break;
        case 'done':
          screen = (
            <DoneStep
              onContinue={() => {
                progress.save('done');
                go(landing());
              }}
            />
          );
          break;
      }
      break;
  }

  return (
    <FluentProvider theme={props.host.dark ? webDarkTheme : webLightTheme} lang={language}>
      <AppServicesProvider services={services} language={language} onSessionEnd={sessionEnded}>
        <StepUpProvider>
          <main className={styles.root}>
            {notice && <Notice intent={notice === 'sessionEnded' || notice.endsWith('MaybeLost') || notice === 'backupCodeUsed' ? 'warning' : 'info'}>{t(notice)}</Notice>}
            {screen}
          </main>
        </StepUpProvider>
      </AppServicesProvider>
    </FluentProvider>
  );
}

