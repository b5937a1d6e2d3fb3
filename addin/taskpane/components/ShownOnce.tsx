// Secrets shown exactly once (recovery code, backup codes): the codes, download as a text file,
// print, and a checkbox "I have kept it" that must be ticked before the user can go on.
import { useId, useState } from 'react';
import { Button, Checkbox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApp } from '../services';
import { useFormStyles } from './Screen';

const useStyles = makeStyles({
  codes: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    listStyleType: 'none',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))',
    gap: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

export interface ShownOnceProps {
  caption: string;
  codes: readonly string[];
  fileName: string;
  fileHeader: string;
  fileNote: string;
  keptLabel: string;
  continueLabel?: string;
  onContinue: () => void;
}

export function ShownOnce(props: ShownOnceProps) {
  const { t, files, language } = useApp();
  const styles = useStyles();
  const form = useFormStyles();
  const captionId = useId();
  const [kept, setKept] = useState(false);
  const text = () => {
    const when = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(new Date());
    return `${props.fileHeader}\n${when}\n\n${props.codes.join('\n')}\n\n${props.fileNote}\n`;
  };
  return (
    <>
      <Text id={captionId} weight="semibold">
        {props.caption}
      </Text>
      <ul className={styles.codes} aria-labelledby={captionId}>
        {props.codes.map((code) => (
          <li key={code} className={form.mono}>
            {code}
          </li>
        ))}
      </ul>
      <div className={form.actions}>
        <Button onClick={() => files.download({ fileName: props.fileName, text: text() })}>{t('download')}</Button>
        <Button onClick={() => files.print({ title: props.fileHeader, text: text() })}>{t('print')}</Button>
      </div>
      <Checkbox checked={kept} onChange={(_event, data) => setKept(data.checked === true)} label={props.keptLabel} />
      <div className={form.actions}>
        <Button appearance="primary" disabled={!kept} onClick={props.onContinue}>
          {props.continueLabel ?? t('continue')}
        </Button>
      </div>
    </>
  );
}
