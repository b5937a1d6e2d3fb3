// The OnMessageSend handler against a minimal stand-in for Office.context.mailbox (recipient fields
// with getAsync callbacks, displayLanguage, requirement sets). Outlook itself cannot run here;
// docs/outlook-manual-checks.md lists what to check in a real tenant.
import { onMessageSendHandler } from '../../../addin/send-event/on-message-send';

type Recipients = { emailAddress: string; displayName: string; recipientType?: string }[];
interface Setup {
  to?: Recipients;
  cc?: Recipients;
  bcc?: Recipients;
  failField?: 'to' | 'cc' | 'bcc';
  throwField?: 'to' | 'cc' | 'bcc';
  language?: string;
  maxSet?: number;
}

function installOffice(setup: Setup): void {
  const field = (name: 'to' | 'cc' | 'bcc') => ({
    getAsync: (callback: (result: { status: string; value?: Recipients; error?: { code: number } }) => void) => {
      if (setup.throwField === name) throw new Error('host failure');
      const result = setup.failField === name ? { status: 'failed', error: { code: 9002 } } : { status: 'succeeded', value: setup[name] ?? [] };
      setTimeout(() => callback(result), 0);
    },
  });
  (globalThis as Record<string, unknown>).Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      displayLanguage: setup.language ?? 'nl-NL',
      requirements: { isSetSupported: (_name: string, version: string) => Number(version.split('.')[1]) <= (setup.maxSet ?? 15) },
      mailbox: { item: { to: field('to'), cc: field('cc'), bcc: field('bcc') } },
    },
  };
}

function send(setup: Setup): Promise<{ calls: Record<string, unknown>[] }> {
  installOffice(setup);
  const calls: Record<string, unknown>[] = [];
  return new Promise((resolve) => {
    onMessageSendHandler({
      completed: (options) => {
        calls.push(options);
        // Let any stray second completion show up before resolving.
        setTimeout(() => resolve({ calls }), 20);
      },
    });
  });
}

const court = { emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' };
const other = { emailAddress: 'client@example.nl', displayName: 'Client', recipientType: 'externalUser' };

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
});

describe('OnMessageSend', () => {
  it.each(['to', 'cc', 'bcc'] as const)('blocks a court recipient in %s and offers Secure send', async (fieldName) => {
    const { calls } = await send({ [fieldName]: [other, court] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual(expect.objectContaining({ allowEvent: false, commandId: 'zegelSecureSend', cancelLabel: 'Veilig verzenden' }));
    expect(String(calls[0]?.errorMessage)).toContain('Rechtspraak');
  });

  it('allows mail without a court recipient, exactly once', async () => {
    const { calls } = await send({ to: [other] });
    expect(calls).toEqual([{ allowEvent: true }]);
  });

  it('is not fooled by look-alike domains or display names', async () => {
    const { calls } = await send({ to: [{ emailAddress: 'x@rechtspraak.nl.evil.example', displayName: 'griffie@rechtspraak.nl' }] });
    expect(calls).toEqual([{ allowEvent: true }]);
  });

  it('speaks English when Outlook does', async () => {
    const { calls } = await send({ to: [court], language: 'en-GB' });
    expect(String(calls[0]?.errorMessage)).toMatch(/^This message goes to de Rechtspraak/);
    expect(calls[0]?.cancelLabel).toBe('Secure send');
  });

  it('leaves out commandId and cancelLabel before requirement set 1.14, telling the user to use the ribbon', async () => {
    const { calls } = await send({ to: [court], maxSet: 13 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).not.toHaveProperty('commandId');
    expect(calls[0]).not.toHaveProperty('cancelLabel');
    expect(String(calls[0]?.errorMessage)).toContain('Veilig verzenden');
  });

  it('blocks when a recipient field cannot be read (fail closed), exactly once', async () => {
    const { calls } = await send({ to: [other], failField: 'cc' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.allowEvent).toBe(false);
  });

  it('blocks when the host throws, exactly once', async () => {
    const { calls } = await send({ to: [other], throwField: 'bcc' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.allowEvent).toBe(false);
  });
});
