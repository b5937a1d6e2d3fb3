// Entering a second factor (login, reset, step-up): choose among the account's methods, have an SMS
// sent when that is the method, and type the code.
import { useState } from 'react';
import { Button, Field, Radio, RadioGroup } from '@fluentui/react-components';
import type { SecondFactorMethod } from '../../api/types';
import { useApp } from '../services';
import { CodeField } from './CodeField';
import { ErrorBar, Notice, useAction } from './Feedback';
import { useFormStyles } from './Screen';

export function FactorCodeEntry(props: {
  methods: readonly SecondFactorMethod[];
  method: SecondFactorMethod;
  onMethodChange: (method: SecondFactorMethod) => void;
  code: string;
  onCodeChange: (code: string) => void;
  sendSms: () => Promise<void>;
}) {
  const { t } = useApp();
  const form = useFormStyles();
  const sms = useAction();
  const [sent, setSent] = useState(false);
  const names: Record<SecondFactorMethod, string> = { totp: t('methodAppShort'), sms: t('methodSmsShort'), backup: t('methodBackupShort') };
  const labels: Record<SecondFactorMethod, string> = { totp: t('appCodeLabel'), sms: t('smsCodeLabel'), backup: t('backupCodeLabel') };
  return (
    <>
      {props.methods.length > 1 && (
        <Field label={t('methodLabel')}>
          <RadioGroup value={props.method} onChange={(_event, data) => props.onMethodChange(data.value as SecondFactorMethod)}>
            {props.methods.map((m) => (
              <Radio key={m} value={m} label={names[m]} />
            ))}
          </RadioGroup>
        </Field>
      )}
      {props.method === 'sms' && (
        <div className={form.actions}>
          <Button
            disabled={sms.busy}
            onClick={() =>
              void sms.run(async () => {
                await props.sendSms();
                setSent(true);
              })
            }
          >
            {t('sendSms')}
          </Button>
        </div>
      )}
      {props.method === 'sms' && sent && <Notice>{t('smsSent')}</Notice>}
      <ErrorBar error={sms.error} />
      <CodeField label={labels[props.method]} value={props.code} onChange={props.onCodeChange} numeric={props.method !== 'backup'} />
    </>
  );
}
