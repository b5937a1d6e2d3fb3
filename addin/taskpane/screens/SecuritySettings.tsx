// Security settings: the login methods (add the other one, remove one but never the last, change the
// phone), new backup codes, a new recovery code, a new password — each behind a step-up with the
// purpose from shared/auth/step-up.ts — and the sessions, with "log out everywhere".
import { useCallback, useState } from 'react';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Divider,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { FactorConfirmed, RemovableFactor, StepUpPurpose } from '../../api/types';
import { useApp } from '../services';
import { unlockedKeys } from '../keys';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, Notice, useAction } from '../components/Feedback';
import { useStepUp, type StepUpGrant } from '../components/StepUpDialog';
import { SmsSetup, TotpSetup } from '../components/FactorSetup';
import { NewPasswordField } from '../components/PasswordInput';
import { ShownOnce } from '../components/ShownOnce';
import { useLoad } from '../components/useLoad';
import type { MessageKey } from '../../i18n/messages';

type Panel =
  | { name: 'none' }
  | { name: 'totp'; stepUpToken: string }
  | { name: 'sms'; stepUpToken: string }
  | { name: 'backup-codes'; codes: string[] }
  | { name: 'recovery-code'; code: string }
  | { name: 'password' };

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export function SecuritySettings(props: { email: string; accountId: string; onBack: () => void; onLoggedOut: () => void }) {
  const app = useApp();
  const { t, api, language } = app;
  const styles = useStyles();
  const form = useFormStyles();
  const action = useAction();
  const status = useLoad(() => api.twoFactorStatus(), [api]);
  const sessions = useLoad(() => api.listSessions(), [api]);
  const [panel, setPanel] = useState<Panel>({ name: 'none' });
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [acceptable, setAcceptable] = useState(false);
  const [confirmLogoutAll, setConfirmLogoutAll] = useState(false);
  const onVerdict = useCallback((ok: boolean) => setAcceptable(ok), []);
  const { run } = action;

  const stepUp = useStepUp();
  /** Step-up for one purpose, then the change; nothing happens when the user cancels. */
  const ask = (purpose: StepUpPurpose, then: (grant: StepUpGrant) => Promise<void> | void) => {
    setNotice(null);
    void run(async () => {
      const grant = await stepUp(purpose, props.email);
      if (grant) await then(grant);
    });
  };
  const factorDone = (_result: FactorConfirmed) => {
    setPanel({ name: 'none' });
    setNotice('changeSaved');
    status.reload();
  };

  const remove = (method: RemovableFactor) =>
    ask('remove-factor', async ({ stepUpToken }) => {
      await api.removeFactor({ method, stepUpToken });
      setNotice('factorRemoved');
      status.reload();
    });
  const regenerate = () =>
    ask('regenerate-backup-codes', async ({ stepUpToken }) => {
      const { backupCodes } = await api.regenerateBackupCodes({ stepUpToken });
      setPanel({ name: 'backup-codes', codes: backupCodes });
      status.reload();
    });
  const replaceRecovery = () =>
    ask('replace-recovery-code', async ({ stepUpToken, passwordKeys }) => {
      const keys = await unlockedKeys(app, passwordKeys);
      const crypto = await app.loadCrypto();
      const { code, recovery } = await crypto.newRecovery({ accountId: props.accountId, userKey: keys.userKey });
      await api.replaceRecoveryCode({ stepUpToken, recovery });
      setPanel({ name: 'recovery-code', code });
    });
  const changePassword = () =>
    ask('change-password', async ({ stepUpToken, passwordKeys }) => {
      const keys = await unlockedKeys(app, passwordKeys);
      const crypto = await app.loadCrypto();
      const password = await crypto.newPasswordWrap({ accountId: props.accountId, userKey: keys.userKey, newPassword });
      await api.changePassword({ stepUpToken, password });
      // The copy kept with the session must open with the new password after a reload.
      const stored = app.sessions.load();
      if (stored?.keys) app.sessions.save({ ...stored, kdf: password.kdf, keys: { ...stored.keys, wrappedUserKeyByPassword: password.wrappedUserKeyByPassword } });
      setNewPassword('');
      setPanel({ name: 'none' });
      setNotice('passwordChanged');
      sessions.reload();
    });

  const factors = status.value;
  const onlyOne = factors ? Number(factors.totp) + Number(factors.sms) <= 1 : true;
  const when = (iso: string) => new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  if (panel.name === 'backup-codes' || panel.name === 'recovery-code') {
    const backup = panel.name === 'backup-codes';
    return (
      <Screen title={backup ? t('backupTitle') : t('newRecoveryTitle')}>
        <Text>{backup ? t('backupIntro') : t('newRecoveryIntro')}</Text>
        <ShownOnce
          caption={backup ? t('backupCodesCaption') : t('recoveryCodeCaption')}
          codes={backup ? panel.codes : [panel.code]}
          fileName={backup ? 'zegel-back-upcodes.txt' : 'zegel-herstelcode.txt'}
          fileHeader={backup ? t('backupFileHeader', { email: props.email }) : t('recoveryFileHeader', { email: props.email })}
          fileNote={backup ? t('backupFileNote') : t('recoveryFileNote')}
          keptLabel={backup ? t('keptBackupCodes') : t('keptRecoveryCode')}
          onContinue={() => {
            setPanel({ name: 'none' });
            setNotice('changeSaved');
          }}
        />
      </Screen>
    );
  }

  return (
    <Screen title={t('settingsTitle')}>
      {notice && <Notice intent="success">{t(notice)}</Notice>}
      <ErrorBar error={action.error} />
      {action.busy && <Busy label={t('pleaseWait')} />}

      <section className={styles.section} aria-labelledby="settings-methods">
        <Subtitle2 as="h2" id="settings-methods">
          {t('methodsHeading')}
        </Subtitle2>
        {status.loading && <Busy label={t('pleaseWait')} />}
        <ErrorBar error={status.error} />
        {factors && (
          <ul className={styles.list}>
            <li className={styles.item}>
              <Text>{factors.totp ? t('appStatusOn') : t('appStatusOff')}</Text>
              {factors.totp ? (
                <Button size="small" disabled={onlyOne || action.busy} onClick={() => remove('totp')}>
                  {t('removeApp')}
                </Button>
              ) : (
                <Button size="small" disabled={action.busy} onClick={() => ask('add-factor', ({ stepUpToken }) => setPanel({ name: 'totp', stepUpToken }))}>
                  {t('addApp')}
                </Button>
              )}
            </li>
            <li className={styles.item}>
              <Text>{factors.sms ? t('smsStatusOn', { last2: factors.phoneLast2 ?? '··' }) : t('smsStatusOff')}</Text>
              {factors.sms ? (
                <>
                  <Button size="small" disabled={action.busy} onClick={() => ask('change-phone', ({ stepUpToken }) => setPanel({ name: 'sms', stepUpToken }))}>
                    {t('changePhone')}
                  </Button>
                  <Button size="small" disabled={onlyOne || action.busy} onClick={() => remove('sms')}>
                    {t('removeSms')}
                  </Button>
                </>
              ) : (
                <Button size="small" disabled={action.busy} onClick={() => ask('add-factor', ({ stepUpToken }) => setPanel({ name: 'sms', stepUpToken }))}>
                  {t('addSms')}
                </Button>
              )}
            </li>
            <li className={styles.item}>
              <Text>{t('backupCodesLeft', { n: factors.backupCodesLeft })}</Text>
              <Button size="small" disabled={action.busy} onClick={regenerate}>
                {t('regenerateBackupCodes')}
              </Button>
            </li>
          </ul>
        )}
        {onlyOne && factors && <Text size={200}>{t('lastFactorNote')}</Text>}
        {factors?.sms && !factors.totp && <Notice intent="warning">{t('addAppSuggestion')}</Notice>}
        {panel.name === 'totp' && <TotpSetup stepUpToken={panel.stepUpToken} onConfirmed={factorDone} />}
        {panel.name === 'sms' && (
          <>
            <Notice intent="warning">{t('smsWarning')}</Notice>
            <SmsSetup stepUpToken={panel.stepUpToken} onConfirmed={factorDone} />
          </>
        )}
        {(panel.name === 'totp' || panel.name === 'sms') && (
          <div className={form.actions}>
            <Button onClick={() => setPanel({ name: 'none' })}>{t('cancel')}</Button>
          </div>
        )}
      </section>

      <Divider />
      <section className={styles.section} aria-labelledby="settings-credentials">
        <Subtitle2 as="h2" id="settings-credentials">
          {t('credentialsHeading')}
        </Subtitle2>
        {panel.name === 'password' ? (
          <form
            className={form.form}
            onSubmit={(event) => {
              event.preventDefault();
              changePassword();
            }}
          >
            <NewPasswordField label={t('newPasswordLabel')} value={newPassword} onChange={setNewPassword} email={props.email} onVerdict={onVerdict} />
            <div className={form.actions}>
              <Button appearance="primary" type="submit" disabled={action.busy || !acceptable}>
                {t('changePasswordSubmit')}
              </Button>
              <Button onClick={() => setPanel({ name: 'none' })}>{t('cancel')}</Button>
            </div>
          </form>
        ) : (
          <div className={form.actions}>
            <Button disabled={action.busy} onClick={() => setPanel({ name: 'password' })}>
              {t('changePassword')}
            </Button>
            <Button disabled={action.busy} onClick={replaceRecovery}>
              {t('replaceRecoveryCode')}
            </Button>
          </div>
        )}
      </section>

      <Divider />
      <section className={styles.section} aria-labelledby="settings-sessions">
        <Subtitle2 as="h2" id="settings-sessions">
          {t('sessionsHeading')}
        </Subtitle2>
        <ErrorBar error={sessions.error} />
        {sessions.value && (
          <ul className={styles.list}>
            {sessions.value.map((s) => (
              <li key={s.id} className={styles.item}>
                <Text>{s.userAgent || t('unknownDevice')}</Text>
                {s.current && <Badge appearance="outline">{t('sessionCurrent')}</Badge>}
                {s.stage === 'setup' && <Badge appearance="outline">{t('sessionSetup')}</Badge>}
                <Text size={200}>{t('sessionTimes', { created: when(s.createdAt), last: when(s.lastSeenAt) })}</Text>
                {!s.current && (
                  <Button
                    size="small"
                    disabled={action.busy}
                    onClick={() =>
                      void run(async () => {
                        await api.endSession(s.id);
                        sessions.reload();
                      })
                    }
                  >
                    {t('endSession')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        <div className={form.actions}>
          <Button disabled={action.busy} onClick={() => setConfirmLogoutAll(true)}>
            {t('logoutEverywhere')}
          </Button>
        </div>
      </section>

      <Divider />
      <div className={form.actions}>
        <Button onClick={props.onBack}>{t('backToHome')}</Button>
      </div>

      <Dialog open={confirmLogoutAll} modalType="alert" onOpenChange={(_event, data) => setConfirmLogoutAll(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('logoutEverywhere')}</DialogTitle>
            <DialogContent>{t('logoutEverywhereConfirm')}</DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  setConfirmLogoutAll(false);
                  void run(async () => {
                    await api.logoutEverywhere();
                    props.onLoggedOut();
                  });
                }}
              >
                {t('logoutEverywhere')}
              </Button>
              <Button onClick={() => setConfirmLogoutAll(false)}>{t('cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Screen>
  );
}
