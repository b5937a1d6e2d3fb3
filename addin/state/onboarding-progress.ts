// How far the user got in onboarding, so it resumes at that step when the pane opens again. Only the
// step and the address are kept (localStorage, namespaced); never a token, code, password or key.
import { STORAGE_PREFIX, readJson, remove, writeJson, type KeyValueStorage } from './storage';

/** In order. Steps after 'password' need a login to resume; 'done' means onboarding is over. */
export const ONBOARDING_STEPS = [
  'check-address',
  'register',
  'verify-code',
  'password',
  'recovery-code',
  'second-factor',
  'backup-codes',
  'link-number',
  'done',
] as const;

export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export interface OnboardingProgress {
  step: OnboardingStep;
  email: string | null;
}

export const PROGRESS_KEY = `${STORAGE_PREFIX}onboarding`;

function isProgress(value: unknown): value is OnboardingProgress {
  const v = value as Partial<OnboardingProgress> | null;
  return typeof v === 'object' && v !== null && ONBOARDING_STEPS.includes(v.step as OnboardingStep) && (v.email === null || typeof v.email === 'string');
}

export function stepIndex(step: OnboardingStep): number {
  return ONBOARDING_STEPS.indexOf(step);
}

export interface ProgressStore {
  load: () => OnboardingProgress | null;
  /** Records a step; `email` stays as it was when not given. */
  save: (step: OnboardingStep, email?: string | null) => void;
  clear: () => void;
}

export function progressStore(storage: KeyValueStorage): ProgressStore {
  const load = () => readJson(storage, PROGRESS_KEY, isProgress);
  return {
    load,
    save(step, email) {
      const previous = load();
      writeJson(storage, PROGRESS_KEY, { step, email: email === undefined ? (previous?.email ?? null) : email });
    },
    clear: () => remove(storage, PROGRESS_KEY),
  };
}
