// Onboarding step 5: link the BAR or KBvG number — typed twice, "include the letter A" for lawyers,
// checked here with the shared rules before a step-up and the call. The linking API is being built:
// a 404 shows a friendly "not available yet" and lets the user go on.
import { useState } from 'react';
import { Button, Field, Input, Radio, RadioGroup, Text } from '@fluentui/react-components';
import type { ProfessionalKind, ProfessionalStatus } from '../../api/types';
import { isApiError } from '../../api/types';
import { checkNumberEntry, normaliseProfessionalNumber } from '../../../shared/professional/numbers';
import { notMatchedTexts, numberProblemTexts } from '../../../shared/professional/messages';
import { useApp } from '../services';
import { Screen, useFormStyles } from '../components/Screen';
import { Busy, ErrorBar, Notice, useAction } from '../components/Feedback';
import { useStepUp } from '../components/StepUpDialog';
import { useLoad } from '../components/useLoad';

/** The KBvG format is configured on the server; here any letters and digits pass and the server decides. */
const ANY_KBVG = /^[0-9A-Z]{1,40}$/;

export function LinkNumberStep(props: { email: string; kind: ProfessionalKind | null; step?: number; onDone: (status: ProfessionalStatus | null) => void }) {
  const { t, api, language } = useApp();
  const form = useFormStyles();
  const action = useAction();
  const status = useLoad(() => api.professionalStatus(), [api]);
  const [kind, setKind] = useState<ProfessionalKind>(props.kind ?? 'lawyer');
  const [number, setNumber] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<{ field: 'number' | 'confirmation'; text: string } | null>(null);
  const stepUp = useStepUp();
  const unavailable = isApiError(status.error, 'NOT_FOUND') || isApiError(action.error, 'NOT_FOUND');
  const lawyer = kind === 'lawyer';

  const submit = () => {
    const check = checkNumberEntry({ number, confirmation, kind, kbvgNumberPattern: ANY_KBVG });
    if (!check.ok) {
      setProblem({ field: check.field, text: numberProblemTexts(check.problem, kind)[language] });
      return;
    }
    setProblem(null);
    void action.run(async () => {
      const grant = await stepUp('link-number', props.email);
      if (!grant) return;
      const linked = await api.linkProfessionalNumber({ number: normaliseProfessionalNumber(number), confirmNumber: normaliseProfessionalNumber(confirmation), stepUpToken: grant.stepUpToken });
      props.onDone(linked);
    });
  };

  const step = props.step !== undefined ? { step: props.step } : {};
  if (status.loading) {
    return (
      <Screen title={t('linkTitle')} {...step}>
        <Busy label={t('pleaseWait')} />
      </Screen>
    );
  }
  if (unavailable || status.value?.linked) {
    return (
      <Screen title={t('linkTitle')} {...step}>
        <Notice>{unavailable ? t('linkUnavailable') : t('alreadyLinked')}</Notice>
        <div className={form.actions}>
          <Button appearance="primary" onClick={() => props.onDone(status.value)}>
            {t('continue')}
          </Button>
        </div>
      </Screen>
    );
  }
  return (
    <Screen title={t('linkTitle')} {...step}>
      <Text>{t('linkIntro')}</Text>
      <form
        className={form.form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {props.kind === null && (
          <Field label={t('kindLabel')}>
            <RadioGroup value={kind} onChange={(_event, data) => setKind(data.value === 'bailiff' ? 'bailiff' : 'lawyer')}>
              <Radio value="lawyer" label={t('kindLawyer')} />
              <Radio value="bailiff" label={t('kindBailiff')} />
            </RadioGroup>
          </Field>
        )}
        <Field
          label={lawyer ? t('numberLabelLawyer') : t('numberLabelBailiff')}
          required
          {...(lawyer ? { hint: t('includeLetterA') } : {})}
          {...(problem?.field === 'number' ? { validationMessage: problem.text, validationState: 'error' as const } : {})}
        >
          <Input value={number} onChange={(_event, data) => setNumber(data.value)} autoComplete="off" spellCheck={false} autoCapitalize="characters" />
        </Field>
        <Field
          label={lawyer ? t('confirmNumberLabelLawyer') : t('confirmNumberLabelBailiff')}
          required
          {...(problem?.field === 'confirmation' ? { validationMessage: problem.text, validationState: 'error' as const } : {})}
        >
          <Input value={confirmation} onChange={(_event, data) => setConfirmation(data.value)} autoComplete="off" spellCheck={false} autoCapitalize="characters" />
        </Field>
        {isApiError(action.error, 'NUMBER_NOT_MATCHED') ? <ErrorBar error={action.error} text={notMatchedTexts(kind)[language]} /> : <ErrorBar error={action.error} />}
        {action.busy && <Busy label={t('pleaseWait')} />}
        <div className={form.actions}>
          <Button appearance="primary" type="submit" disabled={action.busy}>
            {t('linkSubmit')}
          </Button>
          <Button onClick={() => props.onDone(null)}>{t('linkLater')}</Button>
        </div>
      </form>
    </Screen>
  );
}
