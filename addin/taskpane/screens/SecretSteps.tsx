// Onboarding steps 3 and 4b: the recovery code and the backup codes, each shown once.
import { Text } from '@fluentui/react-components';
import { useApp } from '../services';
import { Screen } from '../components/Screen';
import { ShownOnce } from '../components/ShownOnce';

export function RecoveryCodeStep(props: { email: string; code: string; step?: number; title?: string; intro?: string; continueLabel?: string; onKept: () => void }) {
  const { t } = useApp();
  return (
    <Screen title={props.title ?? t('recoveryTitle')} {...(props.step !== undefined ? { step: props.step } : {})}>
      <Text>{props.intro ?? t('recoveryIntro')}</Text>
      <Text>{t('recoveryAdvice')}</Text>
      <ShownOnce
        caption={t('recoveryCodeCaption')}
        codes={[props.code]}
        fileName="zegel-herstelcode.txt"
        fileHeader={t('recoveryFileHeader', { email: props.email })}
        fileNote={t('recoveryFileNote')}
        keptLabel={t('keptRecoveryCode')}
        {...(props.continueLabel ? { continueLabel: props.continueLabel } : {})}
        onContinue={props.onKept}
      />
      <Text size={200}>{t('bothLost')}</Text>
    </Screen>
  );
}

export function BackupCodesStep(props: { email: string; codes: readonly string[]; step?: number; onKept: () => void }) {
  const { t } = useApp();
  return (
    <Screen title={t('backupTitle')} {...(props.step !== undefined ? { step: props.step } : {})}>
      <Text>{t('backupIntro')}</Text>
      <ShownOnce
        caption={t('backupCodesCaption')}
        codes={props.codes}
        fileName="zegel-back-upcodes.txt"
        fileHeader={t('backupFileHeader', { email: props.email })}
        fileNote={t('backupFileNote')}
        keptLabel={t('keptBackupCodes')}
        onContinue={props.onKept}
      />
    </Screen>
  );
}
