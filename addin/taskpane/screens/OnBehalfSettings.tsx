// The principal's own delegation settings, on the delegations screen: "recipients see only my name"
// (display only: the receipt always names both the principal and the acting user) and how she hears
// of messages sent on her behalf. A change shows as saved only once the API has stored it; a refusal
// puts the control back to what the server holds.
import { useId, useState } from 'react';
import { Field, Radio, RadioGroup, Subtitle2, Switch, Text } from '@fluentui/react-components';
import type { DelegationSettings } from '../../api/types';
import { useApp } from '../services';
import { Busy, ErrorBar, Notice, useAction } from '../components/Feedback';

export function OnBehalfSettings(props: { settings: DelegationSettings; className?: string }) {
  const { t, api, describe } = useApp();
  const action = useAction();
  const ids = { heading: useId(), hint: useId() };
  // What the server holds: from the overview (again after it reloads), then from each answer.
  const [loaded, setLoaded] = useState(props.settings);
  const [stored, setStored] = useState(props.settings);
  const [pending, setPending] = useState<Partial<DelegationSettings> | null>(null);
  const [saved, setSaved] = useState(false);
  if (props.settings !== loaded) {
    setLoaded(props.settings);
    setStored(props.settings);
  }
  const shown: DelegationSettings = { ...stored, ...pending };

  // One change at a time: a second one while the first is on its way is not taken.
  const change = (patch: Partial<DelegationSettings>) => {
    if (pending !== null) return;
    setPending(patch);
    setSaved(false);
    void action.run(async () => {
      try {
        setStored(await api.updateDelegationSettings(patch));
        setSaved(true);
      } finally {
        setPending(null);
      }
    });
  };

  return (
    <section className={props.className} aria-labelledby={ids.heading} aria-busy={pending !== null}>
      <Subtitle2 as="h2" id={ids.heading}>
        {t('onBehalfSettingsHeading')}
      </Subtitle2>
      <div>
        <Switch label={t('showOnlyNameLabel')} checked={shown.showOnlyPrincipalName} aria-describedby={ids.hint} onChange={(_event, data) => change({ showOnlyPrincipalName: data.checked })} />
        <Text id={ids.hint} size={200} block>
          {t('showOnlyNameHint')}
        </Text>
      </div>
      <Field label={t('onBehalfNoticeLabel')}>
        <RadioGroup value={shown.onBehalfNotice} onChange={(_event, data) => change({ onBehalfNotice: data.value === 'daily' ? 'daily' : 'each' })}>
          <Radio value="each" label={t('onBehalfNoticeEach')} />
          <Radio value="daily" label={t('onBehalfNoticeDaily')} />
        </RadioGroup>
      </Field>
      {pending !== null && <Busy label={t('settingsSaving')} />}
      {saved && <Notice intent="success">{t('settingsSaved')}</Notice>}
      <ErrorBar error={action.error} {...(action.error ? { text: t('settingsNotSaved', { reason: describe(action.error) }) } : {})} />
    </section>
  );
}
