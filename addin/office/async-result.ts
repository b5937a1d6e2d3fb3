// Office's callback APIs, wrapped into promises in one place. A Failed AsyncResult becomes an
// OfficeError carrying Office's code and name; a synchronous throw from Office (bad arguments, missing
// permission) rejects with what was thrown. A second callback from Office is ignored.

/** A failure Office reported through AsyncResult.error. Switch on `officeName` (e.g. 'InvalidAttachmentId'). */
export class OfficeError extends Error {
  readonly code: number;
  readonly officeName: string;

  constructor(error: { code?: number; name?: string; message?: string } | undefined, operation: string) {
    const officeName = String((error && error.name) || 'UnknownError');
    super(`${operation} failed: ${officeName}${error && error.message ? ` (${error.message})` : ''}`);
    this.name = 'OfficeError';
    this.code = Number(error && error.code) || 0;
    this.officeName = officeName;
  }
}

/** Runs one Office async call and settles with its value or an OfficeError. */
export function officeCall<T>(operation: string, start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    start((result) => {
      if (settled) return;
      settled = true;
      if (result && result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new OfficeError(result ? result.error : undefined, operation));
    });
  });
}
