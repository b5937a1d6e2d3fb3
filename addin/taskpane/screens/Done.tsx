// Onboarding step 6: done, with the court-connection badge (our own mark) and the account's state.
import { Button, Text } from '@fluentui/react-components';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { ErrorBar } from '../components/Feedback';
import { AccountSummary, useAccountOverview } from '../components/AccountSummary';

export function DoneStep(props: { onContinue: () => void }) {
  const { t } = useApp();
  const form = useFormStyles();
  const overview = useAccountOverview();
  return (
    <Screen title={t('doneTitle')} step={6}>
      <AccountSummary overview={overview.value} loading={overview.loading} />
      <ErrorBar error={overview.error} />
      <Text>{t('intro')}</Text>
      <div className={form.actions}>
        <Button appearance="primary" onClick={props.onContinue}>
          {t('toZegel')}
        </Button>
      </div>
    </Screen>
  );
}
