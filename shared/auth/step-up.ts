// What a step-up grant may be used for: the add-in asks for one with the purpose of the change it is
// about to make, and the API accepts it only for that purpose, once, within minutes.

export const STEP_UP_PURPOSES = [
  'add-factor',
  'remove-factor',
  'change-phone',
  'regenerate-backup-codes',
  'change-password',
  'replace-recovery-code',
  'link-number',
  'unlink-number',
  'change-email',
  'close-account',
  'grant-delegation',
] as const;

export type StepUpPurpose = (typeof STEP_UP_PURPOSES)[number];
