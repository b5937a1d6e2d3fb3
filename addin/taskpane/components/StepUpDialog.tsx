// The step-up dialog: before a change to how the account is secured, the password (its auth value,
// derived here with the account's KDF parameters) and a second factor again, for one purpose.
// The grant comes back with the derived password keys, so a change that needs the user key can
// unlock it without running Argon2 a second time.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text } from '@fluentui/react-components';
import type { SecondFactorMethod, StepUpPurpose } from '../../api/types';
import type { PasswordKeys } from '../../state/account-crypto';
import { useApp } from '../services';
import { isMessageKey, type MessageKey } from '../../i18n/messages';
import { Busy, ErrorBar, useAction } from './Feedback';
import { FactorCodeEntry } from './FactorCodeEntry';
import { PasswordInput } from './PasswordInput';
import { useFormStyles } from './Screen';

export interface StepUpGrant {
  stepUpToken: string;
  passwordKeys: PasswordKeys;
}

type Request = { purpose: StepUpPurpose; email: string; resolve: (grant: StepUpGrant | null) => void };
type AskStepUp = (purpose: StepUpPurpose, email: string) => Promise<StepUpGrant | null>;

const StepUpContext = createContext<AskStepUp | null>(null);

/**
 * One dialog for the whole app, mounted once: screens ask for a grant and await it (null when the
 * user cancels). Mounted above the screens, it is never torn down mid-close by a screen change,
 * which would leave the rest of the page aria-hidden.
 */
export function StepUpProvider(props: { children: React.ReactNode }) {
  const [request, setRequest] = useState<Request | null>(null);
  const ask = useCallback<AskStepUp>((purpose, email) => new Promise((resolve) => setRequest({ purpose, email, resolve })), []);
  const finish = (grant: StepUpGrant | null) => {
    request?.resolve(grant);
    setRequest(null);
  };
  return (
    <StepUpContext.Provider value={ask}>
      {props.children}
      <Dialog open={request !== null} modalType="modal" onOpenChange={(_event, data) => !data.open && finish(null)}>
        <DialogSurface>{request && <StepUpForm purpose={request.purpose} email={request.email} onGranted={finish} onCancel={() => finish(null)} />}</DialogSurface>
      </Dialog>
    </StepUpContext.Provider>
  );
}

export function useStepUp(): AskStepUp {
  const ask = useContext(StepUpContext);
  if (!ask) throw new Error('useStepUp outside StepUpProvider');
  return ask;
}

function StepUpForm(props: { purpose: StepUpPurpose; email: string; onGranted: (grant: StepUpGrant) => void; onCancel: () => void }) {
  const { t, api, loadCrypto } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const [methods, setMethods] = useState<SecondFactorMethod[]>([]);
  const [method, setMethod] = useState<SecondFactorMethod>('totp');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { run } = action;

  useEffect(() => {
    void run(async () => {
      const status = await api.twoFactorStatus();
      setMethods(status.methods);
      const first = status.methods[0];
      if (first) setMethod(first);
    });
  }, [api, run]);

  const submit = () =>
    run(async () => {
      const crypto = await loadCrypto();
      const { kdf } = await api.prelogin({ email: props.email });
      const passwordKeys = await crypto.passwordKeys({ password, kdf });
      const grant = await api.stepUp({ authValue: passwordKeys.authValue, method, code: code.trim(), purpose: props.purpose });
      props.onGranted({ stepUpToken: grant.stepUpToken, passwordKeys });
    });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <DialogBody>
        <DialogTitle>{t('stepUpTitle')}</DialogTitle>
        <DialogContent className={form.form}>
          <Text>{t('stepUpIntro', { purpose: isMessageKey(`purpose.${props.purpose}`) ? t(`purpose.${props.purpose}` as MessageKey) : props.purpose })}</Text>
          <PasswordInput label={t('currentPasswordLabel')} value={password} onChange={setPassword} autoComplete="current-password" />
          {methods.length > 0 && (
            <FactorCodeEntry methods={methods} method={method} onMethodChange={setMethod} code={code} onCodeChange={setCode} sendSms={() => api.sendStepUpSms()} />
          )}
          <ErrorBar error={action.error} />
          {action.busy && <Busy label={t('pleaseWait')} />}
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" type="submit" disabled={action.busy || password === '' || code.trim() === ''}>
            {t('confirm')}
          </Button>
          <Button onClick={props.onCancel}>{t('cancel')}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
