// Requirement-set checks: features of later Mailbox sets are used only after these say yes.

/** True inside Outlook with Office.js loaded and a mailbox to talk to. */
export function hasMailbox(): boolean {
  return typeof Office !== 'undefined' && Boolean(Office.context) && Boolean(Office.context.mailbox);
}

/** Whether the client supports a Mailbox requirement set, e.g. isSetSupported('1.15'); false outside Outlook. */
export function isSetSupported(version: string): boolean {
  if (!hasMailbox()) return false;
  try {
    return Boolean(Office.context.requirements.isSetSupported('Mailbox', version));
  } catch {
    return false;
  }
}
