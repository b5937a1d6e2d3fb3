// The court clerks' desk: the Rechtspraak unit's inbox with sender, principal and BAR number per
// message, subjects decrypted here with the unit key, and a search by case number over those
// subjects, in this browser only. Opening a message leads to the reader, where the clerk replies.
import { useEffect, useId, useState } from 'react';
import { Body1, Button, Field, Input, Select } from '@fluentui/react-components';
import { useWebApp } from './context';
import { openStored, subjectMatches } from './reading';
import { Alert, formatWhen, LoadFailed, ScreenHeading, Status, useLoaded, useWebStyles } from './ui';
import type { Membership, MessageSummary } from './types';

/** Decrypts the subjects of the listed messages one by one; null where a subject cannot be opened. */
function useSubjects(messages: readonly MessageSummary[] | null): { subjects: ReadonlyMap<string, string | null>; done: number } {
  const app = useWebApp();
  const [subjects, setSubjects] = useState<ReadonlyMap<string, string | null>>(new Map());
  useEffect(() => {
    if (!messages) return;
    let live = true;
    setSubjects(new Map());
    void (async () => {
      const crypto = await app.crypto();
      const decryptionKeys = await app.decryptionKeys();
      for (const m of messages) {
        let subject: string | null = null;
        try {
          if (m.status === 'committed') {
            const signer = await app.signers(m);
            const opened = await openStored({ api: app.api, crypto, message: { ...m, receipt: null }, decryptionKeys, signers: signer.keys, receipt: null });
            subject = await opened.readText('subject');
          }
        } catch (error) {
          if (app.sessionOver(error)) return;
        }
        if (!live) return;
        setSubjects((before) => new Map(before).set(m.messageId, subject));
      }
    })().catch((error: unknown) => app.sessionOver(error));
    return () => {
      live = false;
    };
  }, [messages, app]);
  return { subjects, done: subjects.size };
}

export function ClerkDesk(props: { onOpen: (messageId: string) => void }) {
  const app = useWebApp();
  const { t, language } = app;
  const styles = useWebStyles();
  const headingId = useId();
  const [units] = useLoaded<Membership[]>('units', async () => (await app.memberships()).filter((m) => m.key !== null));
  const [unitId, setUnitId] = useState<string>('');
  const [query, setQuery] = useState('');
  const chosen = units.state === 'ready' ? (units.value.find((u) => u.unitId === unitId) ?? units.value[0] ?? null) : null;
  const [messages, reload] = useLoaded<MessageSummary[] | null>(`desk-${chosen?.unitId ?? ''}`, () => (chosen ? app.api.listMessages({ kind: 'unit', unitId: chosen.unitId }) : Promise.resolve(null)));
  const list = messages.state === 'ready' ? messages.value : null;
  const { subjects, done } = useSubjects(list);
  const shown = (list ?? []).filter((m) => query.trim() === '' || subjectMatches(subjects.get(m.messageId) ?? null, query));

  return (
    <section className={styles.screen} aria-labelledby={headingId}>
      <ScreenHeading id={headingId}>{t.desk.heading}</ScreenHeading>
      {units.state === 'loading' && <Status>{t.loading}</Status>}
      {units.state === 'failed' && <Alert>{t.loadFailed}</Alert>}
      {units.state === 'ready' && units.value.length === 0 && <Body1>{t.desk.noUnits}</Body1>}
      {units.state === 'ready' && units.value.length > 1 && (
        <Field label={t.desk.unit}>
          <Select value={chosen?.unitId ?? ''} onChange={(_e, data) => setUnitId(data.value)}>
            {units.value.map((u) => (
              <option key={u.unitId} value={u.unitId}>
                {u.unitName}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {chosen && (
        <Field label={t.desk.search} hint={t.desk.searchHint}>
          <Input type="search" value={query} onChange={(_e, data) => setQuery(data.value)} />
        </Field>
      )}
      {messages.state === 'failed' && <LoadFailed onRetry={reload} />}
      {list && list.length === 0 && <Body1>{t.desk.empty}</Body1>}
      {list && list.length > 0 && (
        <>
          <div role="status" aria-live="polite">
            <Body1>{done < list.length ? t.desk.decrypting(done, list.length) : t.desk.results(shown.length, list.length)}</Body1>
          </div>
          {shown.length === 0 && done === list.length && <Body1>{t.desk.noMatch}</Body1>}
          {shown.length > 0 && (
            <table className={styles.table} aria-label={t.desk.heading}>
              <thead>
                <tr>
                  <th scope="col">{t.desk.received}</th>
                  <th scope="col">{t.desk.sender}</th>
                  <th scope="col">{t.desk.principal}</th>
                  <th scope="col">{t.desk.number}</th>
                  <th scope="col">{t.desk.subject}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((m) => {
                  const subject = subjects.get(m.messageId);
                  return (
                    <tr key={m.messageId}>
                      <td>{formatWhen(m.committedAt, language)}</td>
                      <td>{m.sender.email ?? m.sender.accountId}</td>
                      <td>{m.principal.email ?? m.principal.accountId}</td>
                      <td>{m.principal.professionalNumber ?? '—'}</td>
                      <td>
                        <Button appearance="transparent" onClick={() => props.onOpen(m.messageId)}>
                          {subject === undefined ? t.loading : subject === null ? t.desk.subjectUnavailable : subject || t.message.noSubject}
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
