// One error type with stable codes, shared by the API (which maps codes to HTTP statuses) and the
// add-in (which switches on the same codes). Tests assert codes, never message text.

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNKNOWN_FIELD: 400,
  AUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // Accounts, invitations and sessions.
  INVITATION_INVALID: 400,
  VERIFICATION_CODE_INVALID: 400,
  RECOVERY_CODE_INVALID: 400,
  ACCOUNT_NOT_ACTIVE: 403,
  CREDENTIALS_INVALID: 401,
  SECOND_FACTOR_REQUIRED: 401,
  SECOND_FACTOR_SETUP_REQUIRED: 403,
  SESSION_INVALID: 401,
  SESSION_EXPIRED: 401,
  REFRESH_TOKEN_REUSED: 401,
  STEP_UP_REQUIRED: 403,
  KEYS_ALREADY_SET: 409,
  MAIL_DELIVERY_FAILED: 502,
  // Second factors, step-up and recovery.
  TOTP_INVALID: 401,
  TOTP_REPLAYED: 401,
  SMS_CODE_INVALID: 401,
  SMS_DELIVERY_FAILED: 502,
  SMS_DISABLED: 403,
  BACKUP_CODE_INVALID: 401,
  SECOND_FACTOR_METHOD_UNAVAILABLE: 400,
  CHALLENGE_INVALID: 401,
  LAST_FACTOR: 409,
  PHONE_INVALID: 400,
  // Messages.
  RECIPIENT_WITHOUT_KEY: 400,
  NOT_OPENPGP_CIPHERTEXT: 400,
  UPLOAD_INCOMPLETE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  RECALL_NOT_ALLOWED: 409,
  COURT_CONNECTION_REQUIRED: 403,
  // Professional numbers (BAR/KBvG) and the account's life cycle.
  NUMBER_INVALID: 400,
  NUMBER_CONFIRMATION_MISMATCH: 400,
  NUMBER_NOT_MATCHED: 403,
  NUMBER_ALREADY_LINKED: 409,
  NUMBER_NOT_LINKED: 409,
  ADDRESS_MOVE_NOT_ALLOWED: 409,
  ADDRESS_TAKEN: 409,
  ADDRESS_MOVE_CODE_INVALID: 400,
  RE_ENROLMENT_INVALID: 400,
  RE_ENROLMENT_COOLING_OFF: 409,
  // Delegations and shared mailboxes.
  DELEGATE_NOT_READY: 409,
  GRANT_INVALID: 400,
  DELEGATION_EXISTS: 409,
  DELEGATION_STATE_INVALID: 409,
  MAILBOX_CODE_INVALID: 400,
  MAILBOX_TAKEN: 409,
  // Recipients without an account (guests).
  GUEST_ACCESS_INVALID: 401,
  GUEST_ACCESS_LOCKED: 423,
  GUEST_ACCESS_EXPIRED: 410,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Messages safe to show anyone; details that could help an attacker never go here. */
export const ERROR_MESSAGE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  UNKNOWN_FIELD: 'The request contains a field that is not allowed.',
  AUTH_REQUIRED: 'Please log in.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'Not found.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  CONFLICT: 'This conflicts with the current state.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This content type is not accepted here.',
  RATE_LIMITED: 'Too many attempts. Please wait and try again.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable. Please try again shortly.',
  INVITATION_INVALID: 'This invitation link is not valid (any more). Ask for a new invitation or register with your address.',
  VERIFICATION_CODE_INVALID: 'This code is not valid or has expired. Request a new one.',
  RECOVERY_CODE_INVALID: 'This recovery code is not valid.',
  ACCOUNT_NOT_ACTIVE: 'Activate your account first with the code we e-mailed you.',
  CREDENTIALS_INVALID: 'The e-mail address or password is not correct.',
  SECOND_FACTOR_REQUIRED: 'Enter the code from your second login method.',
  SECOND_FACTOR_SETUP_REQUIRED: 'Set up a second login method first.',
  SESSION_INVALID: 'Your session is not valid. Please log in again.',
  SESSION_EXPIRED: 'Your session has expired. Please log in again.',
  REFRESH_TOKEN_REUSED: 'This session was ended for your safety. Please log in again.',
  STEP_UP_REQUIRED: 'Confirm with your password and second login method to do this.',
  KEYS_ALREADY_SET: 'The keys of this account are already set.',
  MAIL_DELIVERY_FAILED: 'We could not send the e-mail. Please try again later.',
  TOTP_INVALID: 'This code from your authenticator app is not correct.',
  TOTP_REPLAYED: 'This code was already used. Wait for the next code in your app.',
  SMS_CODE_INVALID: 'This SMS code is not correct or has expired. Request a new one.',
  SMS_DELIVERY_FAILED: 'We could not send the SMS. Please try again later, or use another login method.',
  SMS_DISABLED: 'SMS is not available as a login method here. Use an authenticator app.',
  BACKUP_CODE_INVALID: 'This backup code is not valid or was already used.',
  SECOND_FACTOR_METHOD_UNAVAILABLE: 'This login method is not set up for your account.',
  CHALLENGE_INVALID: 'This step has expired. Please start again.',
  LAST_FACTOR: 'You cannot remove your only additional login method. Add another one first.',
  PHONE_INVALID: 'This phone number is not valid. Use a mobile number such as +31 6 12345678.',
  RECIPIENT_WITHOUT_KEY: 'A recipient cannot receive secure messages yet.',
  NOT_OPENPGP_CIPHERTEXT: 'This upload is not an encrypted message part.',
  UPLOAD_INCOMPLETE: 'Not every part of the message has been uploaded yet.',
  IDEMPOTENCY_KEY_REUSED: 'This send was already started with different contents.',
  RECALL_NOT_ALLOWED: 'This message can no longer be recalled. A filing with the court is final; send a follow-up message to withdraw it.',
  COURT_CONNECTION_REQUIRED: 'Link your BAR or KBvG number (and keep your second factor set up) before you send to the court.',
  NUMBER_INVALID: 'This is not a valid BAR or KBvG number.',
  NUMBER_CONFIRMATION_MISMATCH: 'The two numbers are not the same.',
  NUMBER_NOT_MATCHED: "This number is not listed in the register with this account's e-mail address.",
  NUMBER_ALREADY_LINKED: 'This account is already linked to a professional number.',
  NUMBER_NOT_LINKED: 'This account is not linked to a professional number.',
  ADDRESS_MOVE_NOT_ALLOWED: 'The account can only move to the address the register lists with its number.',
  ADDRESS_TAKEN: 'An account already exists for this address.',
  ADDRESS_MOVE_CODE_INVALID: 'This code is not correct or has expired. Request a new one.',
  RE_ENROLMENT_INVALID: 'This link is not valid (any more).',
  RE_ENROLMENT_COOLING_OFF: 'The waiting period is not over yet.',
  DELEGATE_NOT_READY: 'This person cannot receive delegated access yet: ask them to do steps 2 and 3 first (activate the account and set up an additional login method).',
  GRANT_INVALID: 'This grant is not valid. Look the person up again and sign the grant again.',
  DELEGATION_EXISTS: 'This person already has access (or an invitation to it). Revoke it first to change it.',
  DELEGATION_STATE_INVALID: 'This access was already accepted, revoked or has expired.',
  MAILBOX_CODE_INVALID: 'This code is not correct or has expired. Request a new one.',
  MAILBOX_TAKEN: 'This mailbox is already registered by another firm.',
  GUEST_ACCESS_INVALID: 'This access code does not open the message. Check the code and that you opened the full link from the sender.',
  GUEST_ACCESS_LOCKED: 'Too many wrong access codes: this message is locked. Ask the sender to send it again.',
  GUEST_ACCESS_EXPIRED: 'This message can no longer be opened: it has expired. Ask the sender to send it again.',
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: readonly ErrorDetail[] };
}

/** A pointer into the request and what is wrong there; never echoes the offending value. */
export interface ErrorDetail {
  path: string;
  problem: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly ErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    options: { message?: string; details?: readonly ErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(options.message ?? ERROR_MESSAGE[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.details && this.details.length > 0) body.error.details = this.details;
    return body;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}
