// Small pieces the web app screens share: layout styles, a heading that takes focus when its screen
// appears, status and alert lines, dates for people, and a loader hook that reports session ends.
import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { Body1, Button, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useWebApp } from './context';
import type { Language } from './types';

export const useWebStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '60rem' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  heading: { ...typographyStyles.title2, margin: 0, ':focus': { outlineStyle: 'none' }, ':focus-visible': { outlineWidth: tokens.strokeWidthThick, outlineStyle: 'solid', outlineColor: tokens.colorStrokeFocus2 } },
  subheading: { ...typographyStyles.subtitle2, margin: 0 },
  title: { ...typographyStyles.title1, margin: 0 },
  table: { borderCollapse: 'collapse', width: '100%', '& th, & td': { textAlign: 'start', padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, verticalAlign: 'top' } },
  body: { whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: 0, fontFamily: tokens.fontFamilyBase },
  problem: { padding: tokens.spacingHorizontalM, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteRedBorder2}` },
  notice: { padding: tokens.spacingHorizontalM, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}` },
  terms: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, wordBreak: 'break-word' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

/** The screen's heading; focused when the screen appears, so keyboard and screen reader users land on it. */
export const ScreenHeading = forwardRef<HTMLHeadingElement, { id: string; children: React.ReactNode }>(function ScreenHeading(props, ref) {
  const styles = useWebStyles();
  const own = useRef<HTMLHeadingElement>(null);
  const target = (ref as React.RefObject<HTMLHeadingElement> | null) ?? own;
  useEffect(() => {
    target.current?.focus();
  }, [target]);
  // Level 2: the host page's title is the h1; panels inside a screen use h3 (as Secure send's do).
  return (
    <h2 id={props.id} ref={target} tabIndex={-1} className={styles.heading}>
      {props.children}
    </h2>
  );
});

export function Alert(props: { children: React.ReactNode }) {
  const styles = useWebStyles();
  return (
    <div role="alert" className={styles.problem}>
      <Body1>{props.children}</Body1>
    </div>
  );
}

/** A list that did not load, with a way to try again. */
export function LoadFailed(props: { onRetry: () => void }) {
  const { t } = useWebApp();
  const styles = useWebStyles();
  return (
    <>
      <Alert>{t.loadFailed}</Alert>
      <div className={styles.row}>
        <Button onClick={props.onRetry}>{t.retry}</Button>
      </div>
    </>
  );
}

export function Status(props: { children: React.ReactNode }) {
  const styles = useWebStyles();
  return (
    <div role="status" className={styles.notice}>
      <Body1>{props.children}</Body1>
    </div>
  );
}

export function formatWhen(iso: string | null, language: Language): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; value: T };

/** Loads once per `key`; a failure that ends the session is handed to the host. */
export function useLoaded<T>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] {
  const { sessionOver } = useWebApp();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    latest.current().then(
      (value) => live && setLoaded({ state: 'ready', value }),
      (error: unknown) => {
        if (!live) return;
        sessionOver(error);
        setLoaded({ state: 'failed', error });
      },
    );
    return () => {
      live = false;
    };
  }, [key, round, sessionOver]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return [loaded, reload];
}
