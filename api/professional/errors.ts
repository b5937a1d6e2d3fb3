// Refusals the user must act on carry their own words, Dutch and English, next to the stable code:
// `error.texts` for the pane, `error.reason` for the add-in to switch on, `message` the English text.
import { AppError, type ErrorBody, type ErrorCode, type ErrorDetail } from '../../shared/errors';
import type { Texts } from '../../shared/professional/messages';

export type ExplainedErrorBody = ErrorBody & { error: ErrorBody['error'] & { reason: string; texts: Texts } };

export class ExplainedError extends AppError {
  readonly reason: string;
  readonly texts: Texts;

  constructor(code: ErrorCode, options: { reason: string; texts: Texts; details?: readonly ErrorDetail[] }) {
    super(code, { message: options.texts.en, ...(options.details ? { details: options.details } : {}) });
    this.reason = options.reason;
    this.texts = options.texts;
  }

  override toBody(): ExplainedErrorBody {
    const body = super.toBody();
    return { error: { ...body.error, reason: this.reason, texts: this.texts } };
  }
}
