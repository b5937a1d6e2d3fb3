// A real SMTP server on loopback for tests (smtp-server), plus a small MIME reader for what it
// receives: enough to assert recipient, subject and the decoded text of our own messages.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Express } from 'express';
import type { OutboxMessage } from '../../../api/mail/outbox';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string | undefined;
}

export interface SmtpSink {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** While true, every recipient is refused with 550. */
  refuseRecipients: boolean;
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): Buffer {
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'quoted-printable') return decodeQuotedPrintable(body).toString('utf8');
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function splitHeaders(part: string): { headers: Record<string, string>; body: string } {
  const at = part.indexOf('\r\n\r\n');
  const head = at === -1 ? part : part.slice(0, at);
  const body = at === -1 ? '' : part.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** Finds the text/plain and text/html leaves of a (possibly nested) multipart message. */
function leaves(part: string, out: { text?: string; html?: string }): void {
  const { headers, body } = splitHeaders(part);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const child of body.split(`--${boundary}`).slice(1)) {
      if (child.startsWith('--')) break;
      leaves(child.replace(/^\r\n/, ''), out);
    }
    return;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']);
  if (/^text\/html/i.test(type)) out.html ??= decoded;
  else if (/^text\/plain/i.test(type)) out.text ??= decoded;
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const { headers } = splitHeaders(raw);
  const found: { text?: string; html?: string } = {};
  leaves(raw, found);
  return { ...envelope, raw, headers, subject: decodeEncodedWords(headers.subject ?? ''), text: (found.text ?? '').replace(/\r\n/g, '\n'), html: found.html };
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const sink = { refuseRecipients: false } as SmtpSink;
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (sink.refuseRecipients) {
        const error = new Error('5.1.1 mailbox unavailable: internal-host.example secret detail') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), { from, to: session.envelope.rcptTo.map((r) => r.address) }));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(sink, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A loopback port with nothing listening (bound, read, released). */
export async function unusedPort(): Promise<number> {
  const net = await import('node:net');
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export const silentMailLogger = { info: () => undefined, warn: () => undefined };

/**
 * What the onboarding helpers need (an app and the mail to an address) when the API mails over SMTP
 * to this sink: they read mail by kind, which over SMTP is told by the text.
 */
export function sinkTarget(app: Express, sink: SmtpSink): { app: Express; mailTo(address: string): Promise<OutboxMessage[]> } {
  return {
    app,
    mailTo: (address) =>
      Promise.resolve(
        sink.messages
          .filter((m) => m.to.includes(address))
          .map((m, i): OutboxMessage => ({ id: String(i), time: '', kind: /code in het Zegel-venster/.test(m.text) ? 'account.verify' : 'other', from: m.from, to: address, subject: m.subject, text: m.text })),
      ),
  };
}
