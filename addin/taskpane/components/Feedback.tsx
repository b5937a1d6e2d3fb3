// Messages to the user: errors (announced at once), notices (announced politely) and busy states.
import { useCallback, useState } from 'react';
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useApp } from '../services';

export function ErrorBar(props: { error: unknown; text?: string }) {
  const { describe } = useApp();
  if (!props.error && !props.text) return null;
  return (
    <div role="alert">
      <MessageBar intent="error">
        <MessageBarBody>{props.text ?? describe(props.error)}</MessageBarBody>
      </MessageBar>
    </div>
  );
}

export function Notice(props: { children: React.ReactNode; intent?: 'info' | 'success' | 'warning' }) {
  return (
    <div role="status">
      <MessageBar intent={props.intent ?? 'info'}>
        <MessageBarBody>{props.children}</MessageBarBody>
      </MessageBar>
    </div>
  );
}

export function Busy(props: { label: string }) {
  return (
    <div role="status" aria-live="polite">
      <Spinner size="small" label={props.label} labelPosition="after" />
    </div>
  );
}

/** Runs one user action at a time: busy flag, the last failure, and session ends sent to the app. */
export function useAction() {
  const { reportSessionEnd } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (failure) {
        if (!reportSessionEnd(failure)) setError(failure);
      } finally {
        setBusy(false);
      }
    },
    [reportSessionEnd],
  );
  return { busy, error, setError, run };
}
