// Onboarding step 1: check the address. Inside Outlook the mailbox's own address is shown; only the
// address that received the invitation can become a lawyer's or bailiff's account.
import { Button, Text } from '@fluentui/react-components';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';

export function CheckAddress(props: { onCreate: () => void; onLogin: () => void }) {
  const { t, office } = useApp();
  const form = useFormStyles();
  const mailbox = office.mailboxAddress();
  return (
    <Screen title={t('checkAddressTitle')} step={1}>
      <Text>{t('checkAddressIntro')}</Text>
      {mailbox ? (
        <Text weight="semibold">{t('mailboxIs', { address: mailbox })}</Text>
      ) : (
        <Text>{t('noMailbox')}</Text>
      )}
      <Text>{t('otherAddressHint')}</Text>
      <Text>{t('secretaryHint')}</Text>
      <div className={form.actions}>
        <Button appearance="primary" onClick={props.onCreate}>
          {t('createAccount')}
        </Button>
        <Button onClick={props.onLogin}>{t('haveAccount')}</Button>
      </div>
    </Screen>
  );
}
