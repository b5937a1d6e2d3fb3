// The start screen after login: who is logged in, the court connection, and the way to Secure send
// (when the pane runs on a draft), to the secure messages (the web app's inbox), to delegated access, to the security settings (and to linking the
// number while that is still open).
import { Button, Text } from '@fluentui/react-components';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { ErrorBar } from '../components/Feedback';
import { AccountSummary, useAccountOverview } from '../components/AccountSummary';

export function Home(props: { email: string; onSettings: () => void; onLink: () => void; onLogout: () => void; onDelegations: () => void; onSecureSend?: (() => void) | undefined; onMessages: () => void }) {
  const { t } = useApp();
  const form = useFormStyles();
  const overview = useAccountOverview();
  const canLink = overview.value?.professional && !overview.value.professional.linked;
  return (
    <Screen title={t('appTitle')}>
      <Text>{t('signedInAs', { email: props.email })}</Text>
      <AccountSummary overview={overview.value} loading={overview.loading} />
      <ErrorBar error={overview.error} />
      <div className={form.actions}>
        {props.onSecureSend && (
          <Button appearance="primary" onClick={props.onSecureSend}>
            {t('secureSendAction')}
          </Button>
        )}
        {canLink && (
          <Button appearance={props.onSecureSend ? 'secondary' : 'primary'} onClick={props.onLink}>
            {t('linkNumberAction')}
          </Button>
        )}
        <Button appearance={props.onSecureSend || canLink ? 'secondary' : 'primary'} onClick={props.onMessages}>
          {t('messagesAction')}
        </Button>
        <Button onClick={props.onDelegations}>{t('delegationsAction')}</Button>
        <Button onClick={props.onSettings}>{t('securitySettings')}</Button>
        <Button onClick={props.onLogout}>{t('logout')}</Button>
      </div>
    </Screen>
  );
}
