// The pieces the Secure send pane is made of: what it shows of the draft, the principal picker, the
// check results and the receipt. Presentational only; the pane owns the state and the flow.
import { forwardRef } from 'react';
import { Badge, Body1, Button, Caption1, Checkbox, Field, Radio, RadioGroup, Subtitle2, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { DraftRecipient } from './draft';
import { megabytes } from './limits';
import type { Blocker, Confirmation } from './preflight';
import { formatServerTime, recipientLabel, type ReceiptView } from './receipt-view';
import { groupedFingerprint, type SecureSendTexts } from './texts';
import type { PrincipalInfo } from './types';

export const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalM, maxWidth: '40rem' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  recipient: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  problems: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteRedBorder2}` },
  notice: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}` },
  hash: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  terms: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, wordBreak: 'break-word' },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
});

/** A heading that takes focus when a result appears, so keyboard and screen reader users land on it. */
export const FocusHeading = forwardRef<HTMLHeadingElement, { id: string; children: React.ReactNode }>(function FocusHeading(props, ref) {
  const styles = useStyles();
  return (
    <h3 id={props.id} ref={ref} tabIndex={-1} className={styles.heading}>
      {props.children}
    </h3>
  );
});

/** Our own neutral mark for a court recipient: words only, never the Rechtspraak's logo or colours. */
export function CourtBadge(props: { t: SecureSendTexts }) {
  return (
    <Badge appearance="outline" color="informative" shape="rounded">
      {props.t.courtBadge}
    </Badge>
  );
}

export function RecipientList(props: { t: SecureSendTexts; recipients: readonly DraftRecipient[] }) {
  const styles = useStyles();
  const { t } = props;
  return (
    <section className={styles.section} aria-labelledby="zs-recipients">
      <Subtitle2 as="h3" id="zs-recipients">
        {t.recipientsHeading}
      </Subtitle2>
      {props.recipients.length === 0 ? (
        <Body1>{t.noRecipients}</Body1>
      ) : (
        <ul className={styles.list}>
          {props.recipients.map((r, i) => (
            <li key={`${r.field}-${r.emailAddress}-${i}`} className={styles.recipient}>
              <Caption1>{t.field[r.field]}:</Caption1>
              <Body1>{recipientLabel(r)}</Body1>
              {r.court && <CourtBadge t={t} />}
            </li>
          ))}
        </ul>
      )}
      {props.recipients.some((r) => r.court) && <Caption1>{t.courtBadgeLong}</Caption1>}
    </section>
  );
}

export function AttachmentList(props: { t: SecureSendTexts; language: 'nl' | 'en'; attachments: readonly { id: string; name: string; size: number }[]; maxBytes: number; webAppUrl?: string | undefined }) {
  const styles = useStyles();
  const { t } = props;
  return (
    <section className={styles.section} aria-labelledby="zs-attachments">
      <Subtitle2 as="h3" id="zs-attachments">
        {t.attachmentsHeading}
      </Subtitle2>
      {props.attachments.length === 0 ? (
        <Body1>{t.noAttachments}</Body1>
      ) : (
        <ul className={styles.list}>
          {props.attachments.map((a) => (
            <li key={a.id}>
              <Body1>{t.attachmentLine(a.name, megabytes(a.size, props.language))}</Body1>
            </li>
          ))}
        </ul>
      )}
      <Caption1>
        {t.limitHint(megabytes(props.maxBytes, props.language))}{' '}
        {props.webAppUrl && (
          <a href={props.webAppUrl} target="_blank" rel="noopener noreferrer">
            {t.webAppLink}
          </a>
        )}
      </Caption1>
    </section>
  );
}

export function PrincipalPicker(props: {
  t: SecureSendTexts;
  from: string | null;
  choices: readonly PrincipalInfo[];
  candidates: readonly string[];
  selected: string | null;
  disabled: boolean;
  onSelect: (accountId: string) => void;
  selfEmail: string;
}) {
  const styles = useStyles();
  const { t } = props;
  const describe = (p: PrincipalInfo) => (p.self ? t.principalSelf(p.email) : t.principalOther(p.email, p.professional.number));
  return (
    <section className={styles.section} aria-labelledby="zs-sender">
      <Subtitle2 as="h3" id="zs-sender">
        {t.senderHeading}
      </Subtitle2>
      <Body1>{props.from ? t.fromLine(props.from) : t.fromUnknown}</Body1>
      {props.choices.length > 1 ? (
        <Field label={t.principalLegend} hint={t.principalHint} required>
          <RadioGroup value={props.selected ?? ''} disabled={props.disabled} onChange={(_event, data) => props.onSelect(data.value)}>
            {props.choices.map((p) => (
              <Radio key={p.accountId} value={p.accountId} label={props.candidates.includes(p.accountId) ? `${describe(p)} — ${t.principalMatchesFrom}` : describe(p)} />
            ))}
          </RadioGroup>
        </Field>
      ) : (
        <Body1>{t.sendingAsSelf(props.selfEmail)}</Body1>
      )}
    </section>
  );
}

function blockerTexts(t: SecureSendTexts, language: 'nl' | 'en', b: Blocker): string[] {
  const x = t.blocker;
  switch (b.kind) {
    case 'no-recipients':
      return [x.noRecipients];
    case 'too-many-recipients':
      return [x.tooManyRecipients(b.count, b.max)];
    case 'group-recipient':
      return [x.groupRecipient(b.names)];
    case 'address-invalid':
      return [x.addressInvalid(b.names)];
    case 'recipient-without-key':
      return [x.withoutKey(b.addresses)];
    case 'key-unusable':
      return [x.keyUnusable(b.addresses)];
    case 'court-key-not-trusted':
      return [x.courtKeyNotTrusted(b.addresses)];
    case 'no-principal':
      return [x.noPrincipal];
    case 'principal-key-missing':
      return [x.principalKeyMissing(b.email)];
    case 'court-connection-inactive':
      if (!b.self) return [x.courtConnectionOther(b.email)];
      return [x.courtConnectionSelf, ...(b.problems.length > 0 ? b.problems.map((p) => x.connectionStep[p]) : [x.connectionStepUnknown])];
    case 'too-many-attachments':
      return [x.tooManyAttachments(b.count, b.max)];
    case 'too-large':
      return [x.tooLarge(megabytes(b.totalBytes, language), megabytes(b.maxBytes, language))];
    case 'attachment-cloud':
      return [x.attachmentCloud(b.name)];
    case 'attachment-unreadable':
      return [x.attachmentUnreadable(b.name)];
    case 'attachment-empty':
      return [x.attachmentEmpty(b.name)];
    case 'pdf':
      return [x.pdf(b.name, x.pdfReason[b.problem])];
  }
}

export const BlockerPanel = forwardRef<HTMLHeadingElement, { t: SecureSendTexts; language: 'nl' | 'en'; blockers: readonly Blocker[] }>(function BlockerPanel(props, ref) {
  const styles = useStyles();
  const { t } = props;
  return (
    <section className={styles.problems} aria-labelledby="zs-blocked">
      <FocusHeading id="zs-blocked" ref={ref}>
        {t.blockedHeading}
      </FocusHeading>
      <ul className={styles.list}>
        {props.blockers.flatMap((b, i) => blockerTexts(t, props.language, b).map((text, j) => <li key={`${i}-${j}`}>{text}</li>))}
      </ul>
      <Body1>{t.blockedFooter}</Body1>
    </section>
  );
});

function confirmationText(t: SecureSendTexts, c: Confirmation): string {
  if (c.kind === 'empty-subject') return t.confirm.emptySubject;
  if (c.kind === 'empty-body') return t.confirm.emptyBody;
  return t.confirm.keyChanged(c.address, groupedFingerprint(c.previousFingerprint), groupedFingerprint(c.fingerprint));
}

export const ConfirmPanel = forwardRef<
  HTMLHeadingElement,
  { t: SecureSendTexts; confirmations: readonly Confirmation[]; confirmed: ReadonlySet<string>; disabled: boolean; onToggle: (id: string, checked: boolean) => void }
>(function ConfirmPanel(props, ref) {
  const styles = useStyles();
  const { t } = props;
  return (
    <section className={styles.notice} aria-labelledby="zs-confirm">
      <FocusHeading id="zs-confirm" ref={ref}>
        {t.confirmHeading}
      </FocusHeading>
      <Body1>{t.confirmIntro}</Body1>
      {props.confirmations.map((c) => (
        <Checkbox key={c.id} checked={props.confirmed.has(c.id)} disabled={props.disabled} onChange={(_e, data) => props.onToggle(c.id, data.checked === true)} label={confirmationText(t, c)} />
      ))}
    </section>
  );
});

export const ReceiptPanel = forwardRef<HTMLHeadingElement, { t: SecureSendTexts; language: 'nl' | 'en'; view: ReceiptView; onDownload: () => void }>(function ReceiptPanel(props, ref) {
  const styles = useStyles();
  const { t, view } = props;
  return (
    <section className={styles.section} aria-labelledby="zs-receipt">
      <FocusHeading id="zs-receipt" ref={ref}>
        {t.receiptHeading}
      </FocusHeading>
      <Body1>{t.receiptIntro}</Body1>
      <dl className={styles.terms}>
        <dt className={styles.term}>{t.receiptTime}</dt>
        <dd className={styles.value}>{formatServerTime(view.serverTime, props.language)}</dd>
        <dt className={styles.term}>{t.receiptMessageId}</dt>
        <dd className={styles.value}>{view.messageId}</dd>
        <dt className={styles.term}>{t.receiptPrincipal}</dt>
        <dd className={styles.value}>{view.principal.email}</dd>
        <dt className={styles.term}>{t.receiptActor}</dt>
        <dd className={styles.value}>{view.principal.self ? t.receiptActorSelf : (view.actor.email ?? view.actor.accountId)}</dd>
        <dt className={styles.term}>{t.receiptNumber}</dt>
        <dd className={styles.value}>{view.principal.professionalNumber ?? t.receiptNoNumber}</dd>
        <dt className={styles.term}>{t.receiptRecipients}</dt>
        <dd className={styles.value}>
          <ul className={styles.list}>
            {view.recipients.map((r, i) => (
              <li key={`${r.emailAddress}-${i}`} className={styles.recipient}>
                {recipientLabel(r)}
                {r.court && <CourtBadge t={t} />}
              </li>
            ))}
          </ul>
        </dd>
        <dt className={styles.term}>{t.receiptAttachments}</dt>
        <dd className={styles.value}>
          {view.attachments.length === 0 ? (
            t.receiptNoAttachments
          ) : (
            <ul className={styles.list}>
              {view.attachments.map((a, i) => (
                <li key={`${a.name}-${i}`}>
                  {a.name}: <span className={styles.hash}>{a.sha256}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <div className={styles.actions}>
        <Button onClick={props.onDownload}>{t.receiptDownload}</Button>
      </div>
    </section>
  );
});
