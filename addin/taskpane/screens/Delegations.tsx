// Delegated access (step 5 of the seed): a lawyer or bailiff looks up a secretary, checks the key
// fingerprint, picks the rights and an optional end date, confirms with a step-up and signs the grant
// with her own key here (the server stores it as signed; senders check that signature before they
// encrypt to a read delegate). Both sides see the grants with their state; the delegate accepts, the
// lawyer revokes, the delegate may give it up; the lawyer chooses how messages sent on her behalf are
// shown and notified. States: shared/delegations/README.md.
import { useId, useState } from 'react';
import { Button, Checkbox, Field, Input, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { DelegateCandidate, DelegationGrant, DelegationOverview, DelegationScope, GrantView, ProfessionalStatus } from '../../api/types';
import { isApiError } from '../../api/types';
import type { MessageKey } from '../../i18n/messages';
import { useApp } from '../services';
import { unlockedKeys } from '../keys';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, Notice, useAction } from '../components/Feedback';
import { useStepUp } from '../components/StepUpDialog';
import { useLoad } from '../components/useLoad';
import { OnBehalfSettings } from './OnBehalfSettings';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const LIVE = new Set(['created', 'active']);

/** 64 hex characters in groups of four, as people compare them aloud. */
export function groupedFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** The last moment of the chosen day, local time, as the grant's ISO timestamp; null for none. */
export function endOfDay(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

interface Loaded {
  overview: DelegationOverview;
  /** null when the number API is not there (then nobody can grant here). */
  professional: ProfessionalStatus | null;
}

export function Delegations(props: { email: string; accountId: string; onBack: () => void }) {
  const { t, api } = useApp();
  const form = useFormStyles();
  const styles = useStyles();
  const [notice, setNotice] = useState<string | null>(null);
  const loaded = useLoad<Loaded>(async () => {
    const [overview, professional] = await Promise.all([
      api.listDelegations(),
      api.professionalStatus().catch((error: unknown) => {
        if (isApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }),
    ]);
    return { overview, professional };
  }, [api]);
  const value = loaded.value;
  const changed = (message: string) => {
    setNotice(message);
    loaded.reload();
  };

  return (
    <Screen title={t('delegationsTitle')}>
      <Text>{t('delegationsIntro')}</Text>
      {notice && <Notice intent="success">{notice}</Notice>}
      <ErrorBar error={loaded.error} />
      {loaded.loading && !value && <Busy label={t('pleaseWait')} />}
      {value && (
        <>
          <section className={styles.section} aria-labelledby="zd-grant">
            <Subtitle2 as="h2" id="zd-grant">
              {t('grantHeading')}
            </Subtitle2>
            {value.professional?.active ? <GrantForm email={props.email} accountId={props.accountId} onGranted={(to) => changed(t('granted', { email: to }))} /> : <Text>{t('grantNotConnected')}</Text>}
          </section>
          <GrantList heading={t('givenHeading')} id="zd-given" side="given" grants={value.overview.given} empty={t('noneGiven')} onChanged={changed} />
          <GrantList heading={t('heldHeading')} id="zd-held" side="held" grants={value.overview.held} empty={t('noneHeld')} onChanged={changed} />
          {/* The settings of someone who can give access or has given it; the overview already carries them. */}
          {(value.professional?.active === true || value.overview.given.length > 0) && <OnBehalfSettings settings={value.overview.settings} className={styles.section} />}
        </>
      )}
      <div className={form.actions}>
        <Button onClick={props.onBack}>{t('backToHome')}</Button>
      </div>
    </Screen>
  );
}

function GrantForm(props: { email: string; accountId: string; onGranted: (email: string) => void }) {
  const services = useApp();
  const { t, api, loadCrypto } = services;
  const form = useFormStyles();
  const askStepUp = useStepUp();
  const action = useAction();
  const ids = { scopes: useId() };
  const [address, setAddress] = useState('');
  const [candidate, setCandidate] = useState<DelegateCandidate | null>(null);
  const [scopes, setScopes] = useState<ReadonlySet<DelegationScope>>(new Set(['send_on_behalf']));
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);

  const lookup = () =>
    action.run(async () => {
      setCandidate(await api.lookupDelegate({ email: address.trim() }));
    });

  const reset = () => {
    setCandidate(null);
    setAddress('');
    setScopes(new Set(['send_on_behalf']));
    setUntil('');
    setProblem(null);
    action.setError(null);
  };

  const grant = (delegate: DelegateCandidate) => {
    const chosen = [...scopes].sort();
    const expiresAt = until === '' ? null : endOfDay(until);
    setProblem(null);
    if (chosen.length === 0) return setProblem('scopesRequired');
    if (until !== '' && (expiresAt === null || Date.parse(expiresAt) <= Date.now())) return setProblem('expiresInPast');
    void action.run(async () => {
      const stepUp = await askStepUp('grant-delegation', props.email);
      if (!stepUp) return;
      // The password keys of the step-up open the keys again if the pane was reopened meanwhile.
      const keys = await unlockedKeys(services, stepUp.passwordKeys);
      const signed: DelegationGrant = {
        principalAccountId: props.accountId,
        delegateAccountId: delegate.accountId,
        delegateFingerprint: delegate.fingerprint,
        scopes: chosen,
        expiresAt,
        createdAt: new Date().toISOString(),
      };
      const crypto = await loadCrypto();
      const signature = await crypto.signGrant({ keys, grant: signed });
      await api.grantDelegation({ grant: signed, signature, stepUpToken: stepUp.stepUpToken });
      reset();
      props.onGranted(delegate.email);
    });
  };

  const toggle = (scope: DelegationScope, on: boolean) =>
    setScopes((previous) => {
      const next = new Set(previous);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  if (!candidate) {
    return (
      <form
        className={form.form}
        onSubmit={(event) => {
          event.preventDefault();
          void lookup();
        }}
      >
        <Field label={t('delegateEmailLabel')} required>
          <Input type="email" autoComplete="off" value={address} onChange={(_event, data) => setAddress(data.value)} />
        </Field>
        <ErrorBar error={action.error} />
        {action.busy && <Busy label={t('pleaseWait')} />}
        <div className={form.actions}>
          <Button type="submit" appearance="primary" disabled={action.busy || address.trim() === ''}>
            {t('delegateLookup')}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <form
      className={form.form}
      onSubmit={(event) => {
        event.preventDefault();
        grant(candidate);
      }}
    >
      <Text weight="semibold">{t('delegateFound', { email: candidate.email })}</Text>
      <div>
        <Text block>
          {t('delegateFingerprint')}
        </Text>
        <Text className={form.mono} block>
          {groupedFingerprint(candidate.fingerprint)}
        </Text>
        <Text size={200} block>
          {t('delegateFingerprintHint')}
        </Text>
      </div>
      <fieldset aria-describedby={ids.scopes}>
        <legend>{t('scopesLegend')}</legend>
        <Checkbox label={t('scopeSend')} checked={scopes.has('send_on_behalf')} onChange={(_event, data) => toggle('send_on_behalf', data.checked === true)} />
        <Checkbox label={t('scopeRead')} checked={scopes.has('read')} onChange={(_event, data) => toggle('read', data.checked === true)} />
        <Text id={ids.scopes} size={200} block>
          {t('scopeReadHint')}
        </Text>
      </fieldset>
      <Field label={t('expiresLabel')} hint={t('expiresHint')}>
        <Input type="date" value={until} onChange={(_event, data) => setUntil(data.value)} />
      </Field>
      <ErrorBar error={action.error} {...(problem ? { text: t(problem) } : {})} />
      {action.busy && <Busy label={t('pleaseWait')} />}
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={action.busy}>
          {t('grantSubmit')}
        </Button>
        <Button disabled={action.busy} onClick={reset}>
          {t('grantOther')}
        </Button>
      </div>
    </form>
  );
}

function GrantList(props: { heading: string; id: string; side: 'given' | 'held'; grants: GrantView[]; empty: string; onChanged: (message: string) => void }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={props.id}>
      <Subtitle2 as="h2" id={props.id}>
        {props.heading}
      </Subtitle2>
      {props.grants.length === 0 ? (
        <Text>{props.empty}</Text>
      ) : (
        <ul className={styles.list}>
          {props.grants.map((g) => (
            <GrantItem key={g.grantId} grant={g} side={props.side} onChanged={props.onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

function GrantItem(props: { grant: GrantView; side: 'given' | 'held'; onChanged: (message: string) => void }) {
  const { t, api, language } = useApp();
  const form = useFormStyles();
  const styles = useStyles();
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const { grant, side } = props;
  const other = side === 'given' ? grant.delegate : grant.principal;
  const who = other.email ?? t('closedAccount');
  const live = LIVE.has(grant.state);
  const date = (iso: string) => new Date(iso).toLocaleDateString(language === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

  const accept = () =>
    action.run(async () => {
      await api.acceptDelegation(grant.grantId);
      props.onChanged(t('accepted', { email: who }));
    });
  const revoke = () =>
    action.run(async () => {
      await api.revokeDelegation(grant.grantId);
      setConfirming(false);
      props.onChanged(t('revoked'));
    });

  return (
    <li className={styles.item}>
      <Text weight="semibold">
        {t(side === 'given' ? 'grantToLine' : 'grantFromLine', { email: who })}
      </Text>
      <Text>{t('stateLine', { state: t(`state.${grant.state}`) })}</Text>
      <Text>{t('scopesLine', { scopes: grant.scopes.map((s) => t(`scope.${s}`)).join(', ') })}</Text>
      <Text>{grant.expiresAt ? t('untilLine', { date: date(grant.expiresAt) }) : t('noEnd')}</Text>
      <ErrorBar error={action.error} />
      {live && !confirming && (
        <div className={form.actions}>
          {side === 'held' && grant.state === 'created' && (
            <Button appearance="primary" disabled={action.busy} onClick={() => void accept()}>
              {t('acceptGrant')}
            </Button>
          )}
          <Button disabled={action.busy} onClick={() => setConfirming(true)}>
            {t(side === 'given' ? 'revokeGrant' : 'giveUpGrant')}
          </Button>
        </div>
      )}
      {live && confirming && (
        <div role="group" aria-label={t(side === 'given' ? 'revokeGrant' : 'giveUpGrant')} className={form.actions}>
          <Text>{t('revokeConfirm')}</Text>
          <Button appearance="primary" disabled={action.busy} onClick={() => void revoke()}>
            {t('revokeConfirmAction')}
          </Button>
          <Button disabled={action.busy} onClick={() => setConfirming(false)}>
            {t('cancel')}
          </Button>
        </div>
      )}
    </li>
  );
}
