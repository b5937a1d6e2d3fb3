// A field for a one-time code (mailed, SMS, app, backup or recovery code): no spell check, pasting allowed.
import { Field, Input } from '@fluentui/react-components';

export function CodeField(props: { label: string; value: string; onChange: (value: string) => void; numeric?: boolean; hint?: string; autoComplete?: string }) {
  return (
    <Field label={props.label} required {...(props.hint ? { hint: props.hint } : {})}>
      <Input
        value={props.value}
        onChange={(_event, data) => props.onChange(data.value)}
        autoComplete={props.autoComplete ?? (props.numeric ? 'one-time-code' : 'off')}
        inputMode={props.numeric ? 'numeric' : 'text'}
        spellCheck={false}
        autoCapitalize={props.numeric ? 'off' : 'characters'}
      />
    </Field>
  );
}
