// The inbox and the sent box: the user's own messages, or (for a read-scope delegate) a principal's
// inbox chosen in a picker. Metadata only — people, times, per-recipient status; a message's content
// is decrypted when it is opened (MessageView), since opening is what marks it read for the sender.
import { useId, useState } from 'react';
import { Badge, Body1, Button, Field, Select } from '@fluentui/react-components';
import { useWebApp } from './context';
import { formatWhen, LoadFailed, ScreenHeading, Status, useLoaded, useWebStyles } from './ui';
import type { Box, MessageSummary, ReadPrincipal } from './types';

export function Inbox(props: { mode: 'inbox' | 'sent'; onOpen: (messageId: string) => void }) {
  const { api, t, account, language } = useWebApp();
  const styles = useWebStyles();
  const headingId = useId();
  const [principal, setPrincipal] = useState<string>('');
  const box: Box = props.mode === 'sent' ? { kind: 'sent' } : principal ? { kind: 'principal', accountId: principal } : { kind: 'inbox' };
  const [principals] = useLoaded<ReadPrincipal[]>(`principals-${props.mode}`, () => (props.mode === 'inbox' ? api.readPrincipals() : Promise.resolve([])));
  const [messages, reload] = useLoaded<MessageSummary[]>(JSON.stringify(box), () => api.listMessages(box));
  const choices = principals.state === 'ready' ? principals.value : [];
  const sent = props.mode === 'sent';

  return (
    <section className={styles.screen} aria-labelledby={headingId}>
      <ScreenHeading id={headingId}>{sent ? t.inbox.sentHeading : t.inbox.heading}</ScreenHeading>
      {!sent && choices.length > 0 && (
        <Field label={t.inbox.whose}>
          <Select value={principal} onChange={(_e, data) => setPrincipal(data.value)}>
            <option value="">{t.inbox.own(account.email)}</option>
            {choices.map((p) => (
              <option key={p.accountId} value={p.accountId}>
                {t.inbox.principal(p.email)}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {messages.state === 'loading' && <Status>{t.loading}</Status>}
      {messages.state === 'failed' && <LoadFailed onRetry={reload} />}
      {messages.state === 'ready' && messages.value.length === 0 && <Body1>{t.inbox.empty}</Body1>}
      {messages.state === 'ready' && messages.value.length > 0 && (
        <table className={styles.table} aria-label={t.inbox.listLabel}>
          <thead>
            <tr>
              <th scope="col">{sent ? t.inbox.to : t.inbox.from}</th>
              <th scope="col">{sent ? t.inbox.sentWhen : t.inbox.when}</th>
              <th scope="col">{t.inbox.status}</th>
              <th scope="col">
                <span className={styles.hidden}>{t.message.heading}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {messages.value.map((m) => {
              const when = formatWhen(m.committedAt, language);
              const opened = m.recipients.filter((r) => r.openedAt !== null).length;
              const onBehalf = m.principal.accountId !== m.sender.accountId && m.principal.email ? ` (${t.inbox.onBehalf} ${m.principal.email})` : '';
              return (
                <tr key={m.messageId}>
                  <td>{sent ? m.recipients.map((r) => r.address).join(', ') : `${m.sender.email ?? m.sender.accountId}${onBehalf}`}</td>
                  <td>{when}</td>
                  <td>
                    <div className={styles.row}>
                      {m.status === 'recalled' ? <Badge appearance="outline">{t.inbox.recalled}</Badge> : <span>{t.inbox.statusLine(opened, m.recipients.length)}</span>}
                      {m.toCourt && <Badge appearance="outline" color="informative">{t.inbox.court}</Badge>}
                    </div>
                  </td>
                  <td>
                    <Button aria-label={t.inbox.open(when)} onClick={() => props.onOpen(m.messageId)}>
                      {t.message.heading}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
