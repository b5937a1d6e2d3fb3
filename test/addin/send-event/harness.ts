// Loads the Office.js simulator, then the send-event handlers (index.ts registers them with
// Office.actions.associate, as the built bundle does in Outlook).
import { loadOfficeHost, type LoadOptions, type OfficeHostControl } from '../../office-host/load';

export async function loadHandlers(options: LoadOptions = {}): Promise<OfficeHostControl> {
  const host = loadOfficeHost(options);
  jest.resetModules();
  await import('../../../addin/send-event/index');
  return host;
}

export const court = { emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' as const };
export const client = { emailAddress: 'client@example.nl', displayName: 'Cliënt', recipientType: 'externalUser' as const };
export const colleague = { emailAddress: 'b.de.vries@kantoor.nl', displayName: 'B. de Vries', recipientType: 'user' as const };
export const group = { emailAddress: '', displayName: 'Procespartijen', recipientType: 'other' as const };
export const list = { emailAddress: 'sectie-civiel@kantoor.nl', displayName: 'Sectie civiel', recipientType: 'distributionList' as const };
