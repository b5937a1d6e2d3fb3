// Onboarding step 4: the first additional login method. The app is recommended; SMS comes with a
// clear warning that it is the weaker method and the advice to add the app as well.
import { useState } from 'react';
import { Button, Field, Radio, RadioGroup, Text } from '@fluentui/react-components';
import type { FactorConfirmed } from '../../api/types';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { Notice } from '../components/Feedback';
import { SmsSetup, TotpSetup } from '../components/FactorSetup';

export function SecondFactorStep(props: { onConfirmed: (result: FactorConfirmed, method: 'totp' | 'sms') => void }) {
  const { t } = useApp();
  const form = useFormStyles();
  const [choice, setChoice] = useState<'totp' | 'sms'>('totp');
  const [chosen, setChosen] = useState<'totp' | 'sms' | null>(null);
  return (
    <Screen title={t('secondFactorTitle')} step={4}>
      <Text>{t('secondFactorIntro')}</Text>
      {chosen === null && (
        <>
          <Field label={t('chooseMethodLabel')}>
            <RadioGroup value={choice} onChange={(_event, data) => setChoice(data.value === 'sms' ? 'sms' : 'totp')}>
              <Radio value="totp" label={t('methodApp')} />
              <Radio value="sms" label={t('methodSms')} />
            </RadioGroup>
          </Field>
          <Text size={200}>{t('methodAppHint')}</Text>
          {choice === 'sms' && <Notice intent="warning">{t('smsWarning')}</Notice>}
          <div className={form.actions}>
            <Button appearance="primary" onClick={() => setChosen(choice)}>
              {t('start')}
            </Button>
          </div>
        </>
      )}
      {chosen === 'totp' && <TotpSetup onConfirmed={(result) => props.onConfirmed(result, 'totp')} />}
      {chosen === 'sms' && (
        <>
          <Notice intent="warning">{t('smsWarning')}</Notice>
          <SmsSetup onConfirmed={(result) => props.onConfirmed(result, 'sms')} />
        </>
      )}
      {chosen !== null && (
        <div className={form.actions}>
          <Button appearance="subtle" onClick={() => setChosen(null)}>
            {t('back')}
          </Button>
        </div>
      )}
    </Screen>
  );
}
