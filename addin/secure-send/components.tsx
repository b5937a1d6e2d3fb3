// The pieces the Secure send pane is made of: what it shows of the draft, the principal picker, the
// check results, the access codes for recipients without a key, and the receipt with each guest's link
// and code to pass on. Presentational only; the pane owns the state and the flow.
import { forwardRef, useState } from 'react';
import { Badge, Body1, Button, Caption1, Checkbox, Field, Input, Radio, RadioGroup, Subtitle2, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { DraftRecipient } from './draft';
import { fileSize } from './limits';
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
  guest: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingInlineStart: tokens.spacingHorizontalM, borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  secret: { fontFamily: tokens.fontFamilyMonospace, width: '100%' },
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
              <Body1>{t.attachmentLine(a.name, fileSize(a.size, props.language))}</Body1>
            </li>
          ))}
        </ul>
      )}
      <Caption1>
        {t.limitHint(fileSize(props.maxBytes, props.language))}{' '}
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
    case 'court-without-key':
      return [x.courtWithoutKey(b.addresses)];
    case 'unit-without-key':
      return [x.unitWithoutKey(b.addresses)];
    case 'key-unusable':
      return [x.keyUnusable(b.addresses)];
    case 'court-key-not-trusted':
      return [x.courtKeyNotTrusted(b.addresses)];
    case 'no-principal':
      return [b.ended ? x.principalEnded : x.noPrincipal];
    case 'principal-key-missing':
      return [x.principalKeyMissing(b.email)];
    case 'court-connection-inactive':
      if (!b.self) return [x.courtConnectionOther(b.email)];
      return [x.courtConnectionSelf, ...(b.problems.length > 0 ? b.problems.map((p) => x.connectionStep[p]) : [x.connectionStepUnknown])];
    case 'too-many-attachments':
      return [x.tooManyAttachments(b.count, b.max)];
    case 'too-large':
      return [x.tooLarge(fileSize(b.totalBytes, language), fileSize(b.maxBytes, language))];
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
                {r.guest && <Caption1>({t.guestMark})</Caption1>}
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

/** The user's choice for one recipient without a key, as typed. */
export interface GuestChoice {
  give: boolean;
  accessCode: string;
  mobile: string;
}

/** What is wrong with a choice's fields, as texts to show beside them. */
export interface GuestFieldProblems {
  code?: string;
  mobile?: string;
}

/** Per recipient without a key: give an access code (prefilled, changeable) and optionally a mobile number. */
export const GuestChoicePanel = forwardRef<
  HTMLHeadingElement,
  {
    t: SecureSendTexts;
    addresses: readonly string[];
    choices: Readonly<Record<string, GuestChoice>>;
    problems: Readonly<Record<string, GuestFieldProblems>>;
    codeMinLength: number;
    disabled: boolean;
    onChange: (address: string, choice: GuestChoice) => void;
  }
>(function GuestChoicePanel(props, ref) {
  const styles = useStyles();
  const { t } = props;
  const anyProblem = props.addresses.some((a) => props.problems[a]?.code ?? props.problems[a]?.mobile);
  return (
    <section className={styles.notice} aria-labelledby="zs-guests">
      <FocusHeading id="zs-guests" ref={ref}>
        {t.guestsHeading}
      </FocusHeading>
      <Body1>{t.guestsIntro}</Body1>
      {anyProblem && (
        <div role="alert">
          <Body1>{t.guest.fixFirst}</Body1>
        </div>
      )}
      {props.addresses.map((address) => {
        const choice = props.choices[address] ?? { give: false, accessCode: '', mobile: '' };
        const problem = props.problems[address] ?? {};
        const change = (next: Partial<GuestChoice>) => props.onChange(address, { ...choice, ...next });
        return (
          <div key={address} className={styles.guest}>
            <Checkbox checked={choice.give} disabled={props.disabled} onChange={(_e, data) => change({ give: data.checked === true })} label={t.guest.give(address)} />
            {choice.give && (
              <>
                <Field
                  label={t.guest.codeLabel(address)}
                  hint={t.guest.codeHint(props.codeMinLength)}
                  required
                  validationState={problem.code ? 'error' : 'none'}
                  validationMessage={problem.code}
                >
                  <Input className={styles.secret} value={choice.accessCode} disabled={props.disabled} autoComplete="off" spellCheck={false} onChange={(_e, data) => change({ accessCode: data.value })} />
                </Field>
                <Field label={t.guest.mobileLabel(address)} hint={t.guest.mobileHint} validationState={problem.mobile ? 'error' : 'none'} validationMessage={problem.mobile}>
                  <Input type="tel" value={choice.mobile} disabled={props.disabled} autoComplete="off" onChange={(_e, data) => change({ mobile: data.value })} />
                </Field>
              </>
            )}
          </div>
        );
      })}
    </section>
  );
});

/** A guest of a sent message as the receipt screen shows it: what the user passes on, by two routes. */
export interface GuestAccessView {
  address: string;
  link: string;
  accessCode: string;
  /** Last two digits of the SMS gate's number, or null without one. */
  mobileLast2: string | null;
  /** As the API confirmed it; null when its answer was not seen (a send found committed on resume). */
  expiresInDays: number | null;
}

/** A value to pass on, read-only (selectable by hand too), with a copy button named for its recipient. */
function CopyableValue(props: { label: string; hint: string; value: string; copyLabel: string; copyName: string; onCopy: () => void }) {
  const styles = useStyles();
  return (
    <>
      <Field label={props.label} hint={props.hint}>
        <Input className={styles.secret} value={props.value} readOnly />
      </Field>
      <div className={styles.actions}>
        <Button aria-label={props.copyName} onClick={props.onCopy}>
          {props.copyLabel}
        </Button>
      </div>
    </>
  );
}

/**
 * After the receipt: per guest the link to e-mail and the code to tell, each with a copy button. With
 * `committedMessageId` the receipt did not verify (the failure is shown above): the panel says whose
 * message these belong to.
 */
export function GuestAccessPanel(props: { t: SecureSendTexts; guests: readonly GuestAccessView[]; committedMessageId?: string; copyText: (text: string) => Promise<void> }) {
  const styles = useStyles();
  const { t } = props;
  const x = t.guestAccess;
  const [status, setStatus] = useState('');
  const copy = (what: string, address: string, text: string) => {
    props.copyText(text).then(
      () => setStatus(x.copied(what, address)),
      () => setStatus(x.copyFailed),
    );
  };
  return (
    <section className={styles.notice} aria-labelledby="zs-guest-access">
      <Subtitle2 as="h3" id="zs-guest-access">
        {t.guestAccessHeading}
      </Subtitle2>
      {props.committedMessageId !== undefined && <Body1>{x.committed(props.committedMessageId)}</Body1>}
      <Body1>{t.guestAccessIntro}</Body1>
      {props.guests.map((g) => (
        <div key={g.address} className={styles.guest}>
          <CopyableValue label={x.linkLabel(g.address)} hint={x.linkHint} value={g.link} copyLabel={x.copyLink} copyName={x.copyFor(x.copyLink, g.address)} onCopy={() => copy(x.link, g.address, g.link)} />
          <CopyableValue
            label={x.codeLabel(g.address)}
            hint={x.codeHint}
            value={g.accessCode}
            copyLabel={x.copyCode}
            copyName={x.copyFor(x.copyCode, g.address)}
            onCopy={() => copy(x.code, g.address, g.accessCode)}
          />
          {g.mobileLast2 && <Body1>{x.sms(g.mobileLast2)}</Body1>}
          {g.expiresInDays !== null && <Body1>{x.expiry(g.expiresInDays)}</Body1>}
        </div>
      ))}
      <div role="status" aria-live="polite">
        {status && <Body1>{status}</Body1>}
      </div>
    </section>
  );
}
