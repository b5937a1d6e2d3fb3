// The API as the add-in sees it: request and answer shapes, the ApiClient interface the screens take as
// a prop (tests pass plain fakes), and the one error value the UI switches on (codes from shared/errors).
import type { ErrorCode } from '../../shared/errors';
import type { StepUpPurpose } from '../../shared/auth/step-up';
import type { KdfParams } from '../../shared/crypto/kdf';
import type { DelegationGrant } from '../../shared/crypto/grants';
import type { DelegationScope } from '../../shared/delegations/scopes';
import type { DelegationState } from '../../shared/delegations/state';

export type { ErrorCode, StepUpPurpose, KdfParams, DelegationGrant, DelegationScope, DelegationState };

export type SecondFactorMethod = 'totp' | 'sms' | 'backup';
export type RemovableFactor = 'totp' | 'sms';
export type ProfessionalKind = 'lawyer' | 'bailiff';

export interface IssuedSession {
  sessionId: string;
  stage: 'full' | 'setup';
  accessToken: string;
  /** Seconds. */
  accessTokenExpiresIn: number;
  refreshToken: string;
  absoluteExpiresAt: string;
}

/** What the server stores for the account's keys; all of it is public or encrypted. */
export interface WrappedKeys {
  publicKey: string;
  fingerprint: string;
  wrappedUserKeyByPassword: string;
  encryptedPrivateKey: string;
}

export type RegistrationResult =
  | { status: 'check-your-mail' }
  | { status: 'verified'; accountId: string; enrolmentToken: string; invitation: { kind: string } };

export interface ActivationRequest {
  accountId: string;
  enrolmentToken: string;
  invitationToken?: string;
  kdf: KdfParams;
  authValue: string;
  keys: WrappedKeys;
  recovery: { wrappedUserKeyByRecovery: string; authValue: string };
}

export type LoginResult =
  | { stage: 'setup'; session: IssuedSession }
  | { stage: 'second-factor'; attemptToken: string; methods: SecondFactorMethod[]; expiresAt: string };

export interface FullLogin {
  stage: 'full';
  session: IssuedSession;
  keys: WrappedKeys;
  kdf: KdfParams | null;
  notice: 'backup-code-used' | null;
}

export interface Me {
  accountId: string;
  email: string;
  status: string;
  /** Only told to someone who proved control of the address (logged in). */
  invitation: { kind: ProfessionalKind } | null;
  fingerprint: string | null;
  recoveryCodeCreatedAt: string | null;
}

export interface FactorStatus {
  totp: boolean;
  sms: boolean;
  phoneLast2: string | null;
  backupCodesLeft: number;
  /** Methods that can complete a login (or a step-up) now. */
  methods: SecondFactorMethod[];
  configured: boolean;
}

export interface TotpEnrolment {
  /** Base32 seed for manual entry. */
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** The first factor ends set-up: a new full session (the client installs it) and ten backup codes. */
export type FactorConfirmed = { stage: 'full'; session: IssuedSession; keys: WrappedKeys; backupCodes: string[] } | { stage: 'full'; session?: undefined; backupCodes?: undefined };

export interface SessionSummary {
  id: string;
  current: boolean;
  stage: 'full' | 'setup';
  createdAt: string;
  lastSeenAt: string;
  userAgent?: string | null;
}

export interface NewPassword {
  kdf: KdfParams;
  authValue: string;
  wrappedUserKeyByPassword: string;
}

export interface NewRecovery {
  wrappedUserKeyByRecovery: string;
  authValue: string;
}

export interface RecoveryVerified {
  resetToken: string;
  accountId: string;
  wrappedUserKeyByRecovery: string;
  encryptedPrivateKey: string;
}

export type ConnectionProblem = 'second-factor-missing' | 'not-linked' | 'email-changed' | 'entry-removed';

/** GET /api/professional/status (being built elsewhere; fields the UI needs, the rest ignored). */
export interface ProfessionalStatus {
  linked: boolean;
  /** The Rechtspraak connection is active: linked, matching the register, second factor set up. */
  active: boolean;
  kind: ProfessionalKind | null;
  number?: string | null;
  problems?: ConnectionProblem[];
}

/** `POST /api/delegations/delegate-lookup`: whom a lawyer may grant to, with the key fingerprint to sign. */
export interface DelegateCandidate {
  accountId: string;
  email: string;
  publicKey: string;
  /** Lowercase hex, 64 characters: the key the grant names and clients will encrypt to. */
  fingerprint: string;
}

/** One party of a grant; `email` is null once the account is closed. */
export interface GrantParty {
  accountId: string;
  email: string | null;
}

export type GrantEndReason = 'principal' | 'delegate' | 're-enrolment' | 'account-closed' | 'expired';

/** One grant as the API shows it to its principal or its delegate (api/delegations GrantView). */
export interface GrantView {
  grantId: string;
  state: DelegationState;
  scopes: DelegationScope[];
  expiresAt: string | null;
  createdAt: string;
  activatedAt: string | null;
  endedAt: string | null;
  endReason: GrantEndReason | null;
  principal: GrantParty;
  delegate: GrantParty & { fingerprint: string };
  /** The grant exactly as the principal signed it, and the signature. */
  grant: DelegationGrant;
  signature: string;
}

/** The caller's own delegation settings (api/delegations SettingsView): display and notices only. */
export interface DelegationSettings {
  /** "Recipients see only my name": what is displayed, never what is signed or in the receipt. */
  showOnlyPrincipalName: boolean;
  /** How the principal hears of a message sent on her behalf: a mail each time, or a daily digest. */
  onBehalfNotice: 'each' | 'daily';
}

/** `GET /api/delegations`: access the caller gave, access the caller holds (live and recent), own settings. */
export interface DelegationOverview {
  given: GrantView[];
  held: GrantView[];
  settings: DelegationSettings;
}

/** The API's own words for a refusal it explains (`error.texts`), Dutch and English. */
export interface ExplainedTexts {
  nl: string;
  en: string;
}

/**
 * Every failure the client reports: a code from shared/errors.ts (network failures count as
 * SERVICE_UNAVAILABLE, unreadable answers as INTERNAL). Screens switch on `code`, never on `message`.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  /** Why, in the API's words (e.g. DELEGATE_NOT_READY: `second-factor-missing`), when it says so. */
  readonly reason: string | undefined;
  /** What to tell the user, when the API explains this refusal itself (Dutch and English). */
  readonly texts: ExplainedTexts | undefined;

  constructor(options: { code: ErrorCode; message: string; status: number; retryAfterSeconds?: number | undefined; reason?: string | undefined; texts?: ExplainedTexts | undefined }) {
    super(options.message);
    this.name = 'ApiError';
    this.code = options.code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
    this.texts = options.texts;
  }
}

export function isApiError(value: unknown, code?: ErrorCode): value is ApiError {
  return value instanceof ApiError && (code === undefined || value.code === code);
}

/** The calls the taskpane makes. Calls marked (session) need a logged-in session; the client adds the bearer token. */
export interface ApiClient {
  // Session state, held by the client in memory.
  /** Whether an access or refresh token is held. */
  hasSession: () => boolean;
  /** Takes over a refresh token kept by the caller (e.g. after a reload) and exchanges it for a session. */
  resumeSession: (refreshToken: string) => Promise<IssuedSession>;
  /** Forgets the tokens without telling the server (the caller's copy of the refresh token too). */
  forgetSession: () => void;
  /**
   * A current access token for another client of the same API (Secure send's uploads), refreshed when
   * it is about to expire or when `rejected` (a token the server just refused) is still the current one.
   * Rejects with AUTH_REQUIRED without a session.
   */
  accessToken: (rejected?: string) => Promise<string>;

  // Registration (steps 1–2).
  register: (input: { email: string; invitationToken?: string }) => Promise<RegistrationResult>;
  verifyAddress: (input: { email: string; code: string }) => Promise<{ accountId: string; enrolmentToken: string }>;
  activate: (input: ActivationRequest) => Promise<{ accountId: string }>;

  // Login.
  prelogin: (input: { email: string }) => Promise<{ kdf: KdfParams }>;
  /** Installs the set-up session when the account has no second factor yet. */
  login: (input: { email: string; authValue: string }) => Promise<LoginResult>;
  /** Installs the full session. */
  completeLogin: (input: { attemptToken: string; method: SecondFactorMethod; code: string }) => Promise<FullLogin>;
  sendLoginSms: (input: { attemptToken: string }) => Promise<void>;

  // Sessions (session).
  refresh: () => Promise<IssuedSession>;
  logout: () => Promise<void>;
  logoutEverywhere: () => Promise<void>;
  listSessions: () => Promise<SessionSummary[]>;
  endSession: (sessionId: string) => Promise<void>;
  me: () => Promise<Me>;

  // Second factors (session).
  twoFactorStatus: () => Promise<FactorStatus>;
  startTotp: (input?: { stepUpToken?: string }) => Promise<TotpEnrolment>;
  /** Installs the new full session when this was the first factor. */
  confirmTotp: (input: { code: string }) => Promise<FactorConfirmed>;
  startSms: (input: { phone: string; stepUpToken?: string }) => Promise<{ sent: true }>;
  confirmSms: (input: { phone: string; code: string }) => Promise<FactorConfirmed>;
  removeFactor: (input: { method: RemovableFactor; stepUpToken: string }) => Promise<void>;
  regenerateBackupCodes: (input: { stepUpToken: string }) => Promise<{ backupCodes: string[] }>;

  // Step-up and credentials (session).
  stepUp: (input: { authValue: string; method: SecondFactorMethod; code: string; purpose: StepUpPurpose }) => Promise<{ stepUpToken: string; expiresAt: string }>;
  sendStepUpSms: () => Promise<void>;
  changePassword: (input: { stepUpToken: string; password: NewPassword }) => Promise<void>;
  replaceRecoveryCode: (input: { stepUpToken: string; recovery: NewRecovery }) => Promise<{ createdAt: string }>;

  // Forgotten password.
  startRecovery: (input: { email: string; recoveryAuthValue: string }) => Promise<{ attemptToken: string; methods: SecondFactorMethod[] }>;
  sendRecoverySms: (input: { attemptToken: string }) => Promise<void>;
  verifyRecovery: (input: { attemptToken: string; method: SecondFactorMethod; code: string }) => Promise<RecoveryVerified>;
  completeRecovery: (input: { resetToken: string; password: NewPassword; recovery: NewRecovery }) => Promise<void>;

  // Professional number (step 5; the API is being built: NOT_FOUND means "not available yet").
  professionalStatus: () => Promise<ProfessionalStatus>;
  linkProfessionalNumber: (input: { number: string; confirmNumber: string; stepUpToken: string }) => Promise<ProfessionalStatus>;

  // Delegations (session; step 5).
  /** A lawyer with an active court connection looks up a secretary; DELEGATE_NOT_READY explains what is missing. */
  lookupDelegate: (input: { email: string }) => Promise<DelegateCandidate>;
  /** Stores a grant signed with the lawyer's key, after step-up `grant-delegation`; the delegate then accepts it. */
  grantDelegation: (input: { grant: DelegationGrant; signature: string; stepUpToken: string }) => Promise<GrantView>;
  listDelegations: () => Promise<DelegationOverview>;
  acceptDelegation: (grantId: string) => Promise<GrantView>;
  /** The lawyer withdraws it, or the delegate gives it up. */
  revokeDelegation: (grantId: string) => Promise<GrantView>;
  delegationSettings: () => Promise<DelegationSettings>;
  /** Changes only the fields given; answers the settings as stored. */
  updateDelegationSettings: (input: Partial<DelegationSettings>) => Promise<DelegationSettings>;
}
