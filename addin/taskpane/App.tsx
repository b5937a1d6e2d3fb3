// The taskpane app's shell: Fluent UI provider with Office's theme mapped to light or dark.
import { FluentProvider, Text, Title2, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { HostInfo } from '../office/host';
import { languageOf, translate } from '../i18n/messages';

const useStyles = makeStyles({
  root: { minHeight: '100vh', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function App({ host }: { host: HostInfo }) {
  const styles = useStyles();
  const language = languageOf(host.displayLanguage);
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  return (
    <FluentProvider theme={host.dark ? webDarkTheme : webLightTheme} lang={language}>
      <main className={styles.root}>
        <Title2 as="h1">{t('appTitle')}</Title2>
        <Text weight="semibold">{t('tagline')}</Text>
        <Text>{t('intro')}</Text>
        <Text size={200}>{host.kind === 'outlook' ? t('runningInOutlook') : t('runningInBrowser')}</Text>
      </main>
    </FluentProvider>
  );
}
