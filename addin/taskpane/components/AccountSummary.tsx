// What the account looks like now: the court-connection badge, whether the address has an invitation
// (told only after login, /api/me), and the advice to set up both login methods.
import { Text } from '@fluentui/react-components';
import type { FactorStatus, Me, ProfessionalStatus } from '../../api/types';
import { isApiError } from '../../api/types';
import { useApp } from '../services';
import { CourtBadge } from './CourtBadge';
import { Busy, Notice } from './Feedback';
import { useLoad } from './useLoad';

export interface AccountOverview {
  me: Me;
  factors: FactorStatus;
  /** null while the linking API answers 404 (not built yet). */
  professional: ProfessionalStatus | null;
}

export function useAccountOverview() {
  const { api } = useApp();
  return useLoad<AccountOverview>(async () => {
    const [me, factors, professional] = await Promise.all([
      api.me(),
      api.twoFactorStatus(),
      api.professionalStatus().catch((error: unknown) => {
        if (isApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }),
    ]);
    return { me, factors, professional };
  }, [api]);
}

export function AccountSummary(props: { overview: AccountOverview | null; loading: boolean }) {
  const { t } = useApp();
  if (props.loading || !props.overview) return props.loading ? <Busy label={t('pleaseWait')} /> : null;
  const { me, factors, professional } = props.overview;
  const invitation = me.invitation?.kind === 'lawyer' ? t('invitationLawyer') : me.invitation?.kind === 'bailiff' ? t('invitationBailiff') : t('invitationNone');
  return (
    <>
      <CourtBadge active={professional?.active === true} />
      <Text>{invitation}</Text>
      {factors.sms && !factors.totp && <Notice intent="warning">{t('addAppSuggestion')}</Notice>}
      {factors.totp && !factors.sms && <Text size={200}>{t('bothMethodsTip')}</Text>}
    </>
  );
}
