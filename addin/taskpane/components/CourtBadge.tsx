// Our own neutral mark for the court connection: a seal icon and plain words. Never the Rechtspraak's
// logo, colours or house style: Zegel is not the Judiciary and must not look like it.
import { Caption1, Text, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { Certificate24Filled, Certificate24Regular } from '@fluentui/react-icons';
import { useApp } from '../services';

const useStyles = makeStyles({
  badge: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusXLarge,
    ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorNeutralStroke1),
    backgroundColor: tokens.colorNeutralBackground2,
    width: 'fit-content',
  },
  active: { ...shorthands.borderColor(tokens.colorPaletteGreenBorder2), color: tokens.colorNeutralForeground1 },
  icon: { color: tokens.colorPaletteGreenForeground2 },
  wrap: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export function CourtBadge(props: { active: boolean }) {
  const { t } = useApp();
  const styles = useStyles();
  return (
    <div className={styles.wrap}>
      <div className={mergeClasses(styles.badge, props.active && styles.active)} role="status">
        {props.active ? <Certificate24Filled aria-hidden className={styles.icon} /> : <Certificate24Regular aria-hidden />}
        <Text weight="semibold">{props.active ? t('courtConnectionActive') : t('courtConnectionInactive')}</Text>
      </div>
      <Caption1>{t('notTheJudiciary')}</Caption1>
    </div>
  );
}
