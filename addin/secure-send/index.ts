// What the taskpane mounts: the pane, the real Office adapters and the fetch API for it. Nothing here
// loads openpgp, jose or pdf-lib; the pane does that with import() when the user presses Send.
export { SecureSendPane, type SecureSendPaneProps } from './SecureSendPane';
export { officeCompose } from './office-compose';
export { createSecureSendHttpApi, type SecureSendHttpOptions } from './http';
export { memoryPendingSends, pageWidePendingSends, type PendingSendStore } from './send-flow';
export { ADDIN_MAX_TOTAL_BYTES } from './limits';
export { SECURE_SEND_TEXTS } from './texts';
export { NO_DELEGATIONS, SecureSendApiError, isSecureSendApiError } from './types';
export type { ComposeCapabilities, DirectoryEntry, PrincipalInfo, PrincipalsAnswer, ProfessionalStatusView, SecureSendApi, SenderKeys } from './types';
export type { Blocker, Confirmation, PdfProblem } from './preflight';
