// One screen: a heading that takes focus when the screen appears (so keyboard and screen-reader users
// land on it), an optional "step n of 6", and the content.
import { useEffect, useId, useRef } from 'react';
import { Caption1, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useApp } from '../services';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  heading: {
    ...typographyStyles.title2,
    margin: 0,
    ':focus': { outlineStyle: 'none' },
    ':focus-visible': { outlineWidth: tokens.strokeWidthThick, outlineStyle: 'solid', outlineColor: tokens.colorStrokeFocus2 },
  },
});

export const ONBOARDING_TOTAL_STEPS = 6;

export function Screen(props: { title: string; step?: number; children: React.ReactNode }) {
  const { t } = useApp();
  const styles = useStyles();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [props.title]);
  return (
    <section className={styles.root} aria-labelledby={id}>
      {props.step !== undefined && <Caption1>{t('stepOf', { n: props.step, total: ONBOARDING_TOTAL_STEPS })}</Caption1>}
      <h1 id={id} ref={heading} tabIndex={-1} className={styles.heading}>
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

export const useFormStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase400, letterSpacing: '0.05em', wordBreak: 'break-all' },
});
