// Where the account's life cycle meets delegations, which do not exist yet (issue 5). The delegations
// feature fills these in and features.ts passes them to professionalFeature; until then nothing is
// revoked because nothing was granted.
//
// - After re-enrolment the principal has new keys; every grant was signed with the old key, so all
//   delegations the account gave (and holds) are revoked and must be granted again.
// - A closed account's delegations, given and held, end.

export interface DelegationHooks {
  revokeDelegationsAfterReEnrolment(input: { accountId: string; requestId: string }): Promise<number>;
  revokeDelegationsOfClosedAccount(input: { accountId: string; requestId: string }): Promise<number>;
}

export const NO_DELEGATIONS_YET: DelegationHooks = {
  revokeDelegationsAfterReEnrolment: () => Promise.resolve(0),
  revokeDelegationsOfClosedAccount: () => Promise.resolve(0),
};
