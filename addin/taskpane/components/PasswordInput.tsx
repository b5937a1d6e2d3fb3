// Password fields: type=password with a show/hide toggle, paste allowed, the browser's password
// manager invited (autocomplete), and for new passwords live feedback from the shared rules.
import { useEffect, useState } from 'react';
import { Button, Field, Input } from '@fluentui/react-components';
import { Eye20Regular, EyeOff20Regular } from '@fluentui/react-icons';
import type { PasswordRules } from '../../state/password-rules';
import { useApp } from '../services';

interface PasswordInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  hint?: string;
  validationMessage?: string | null;
  validationState?: 'error' | 'warning' | 'success' | 'none';
  /** Announce changes of the validation message politely (live feedback while typing). */
  live?: boolean;
}

export function PasswordInput(props: PasswordInputProps) {
  const { t } = useApp();
  const [visible, setVisible] = useState(false);
  return (
    <Field
      label={props.label}
      required
      {...(props.hint ? { hint: props.hint } : {})}
      {...(props.validationMessage
        ? { validationMessage: props.live ? { children: props.validationMessage, 'aria-live': 'polite' as const } : props.validationMessage, validationState: props.validationState ?? 'error' }
        : {})}
    >
      <Input
        type={visible ? 'text' : 'password'}
        value={props.value}
        onChange={(_event, data) => props.onChange(data.value)}
        autoComplete={props.autoComplete}
        spellCheck={false}
        autoCapitalize="off"
        contentAfter={
          <Button
            appearance="transparent"
            size="small"
            icon={visible ? <EyeOff20Regular /> : <Eye20Regular />}
            aria-label={t('showPassword')}
            aria-pressed={visible}
            title={visible ? t('hidePassword') : t('showPassword')}
            onClick={() => setVisible((v) => !v)}
          />
        }
      />
    </Field>
  );
}

/** Loads the rules on first use (a small lazy chunk with the common-password list). */
export function usePasswordRules(): PasswordRules | null {
  const { loadPasswordRules } = useApp();
  const [rules, setRules] = useState<PasswordRules | null>(null);
  useEffect(() => {
    let live = true;
    loadPasswordRules().then(
      (loaded) => live && setRules(loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [loadPasswordRules]);
  return rules;
}

/** A new password with live rule feedback; `onVerdict` tells the form whether it may submit. */
export function NewPasswordField(props: { label: string; value: string; onChange: (value: string) => void; email?: string | undefined; onVerdict: (ok: boolean) => void }) {
  const { t, language } = useApp();
  const rules = usePasswordRules();
  const verdict = rules && props.value !== '' ? rules.check({ password: props.value, ...(props.email ? { email: props.email } : {}) }) : null;
  const problem = verdict && rules ? rules.message(verdict, language) : null;
  const { onVerdict } = props;
  const ok = verdict?.ok === true;
  useEffect(() => onVerdict(ok), [ok, onVerdict]);
  return (
    <PasswordInput
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      autoComplete="new-password"
      hint={t('passwordRulesHint')}
      live
      validationMessage={verdict === null ? null : (problem ?? t('passwordOk'))}
      validationState={verdict === null ? 'none' : ok ? 'success' : 'warning'}
    />
  );
}
