// A loopback stub SMS gateway (node:http, random port) that records requests and fails on demand, plus small test helpers.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StubMode =
  | { kind: 'ok'; status?: number; body?: string }
  | { kind: 'status'; status: number; body: string }
  /** Bytes that are not HTTP at all. */
  | { kind: 'garbage' }
  /** 200 with a Content-Length larger than what is sent, then the connection is closed. */
  | { kind: 'truncated' }
  /** Reads the request and never answers. */
  | { kind: 'hang' };

export interface StubRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  /** The parsed JSON body, or undefined if it was not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface StubGateway {
  url: string;
  token: string;
  requests: StubRequest[];
  mode: StubMode;
  /** The 6-digit code in the newest request's text. */
  lastCode(): string;
  close(): Promise<void>;
}

/** Text the stub puts in its error answers: it must never reach a caller or a log. */
export const STUB_SECRET_DETAIL = 'provider-internal-detail-7f3a';

export function codeFrom(text: unknown): string {
  const match = typeof text === 'string' ? /\b([0-9]{6})\b/.exec(text) : null;
  if (!match?.[1]) throw new Error('no 6-digit code in the SMS text');
  return match[1];
}

export async function startStubGateway(token = 'stub-token-0123456789'): Promise<StubGateway> {
  const requests: StubRequest[] = [];
  const sockets = new Set<Socket>();
  const stub = { token, requests, mode: { kind: 'ok' } } as StubGateway;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, json });
      const mode = stub.mode;
      switch (mode.kind) {
        case 'ok':
          res.writeHead(mode.status ?? 202, { 'content-type': 'application/json' });
          res.end(mode.body ?? JSON.stringify({ id: 'provider-message-1' }));
          return;
        case 'status':
          res.writeHead(mode.status, { 'content-type': 'text/plain' });
          res.end(mode.body);
          return;
        case 'garbage':
          req.socket.end(`NOT-HTTP ${STUB_SECRET_DETAIL}\r\n\r\n`);
          return;
        case 'truncated':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"id":');
          setTimeout(() => req.socket.destroy(), 20);
          return;
        case 'hang':
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}/sms`,
    lastCode() {
      const last = requests[requests.length - 1];
      if (!last) throw new Error('the stub received no request');
      return codeFrom(last.json?.text);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

export const silentSmsLogger = { info: () => undefined, warn: () => undefined };

/** Keeps what the code under test logs, as text, so tests can search it for secrets. */
export function collectingSmsLogger(): { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; lines: string[]; text(): string } {
  const lines: string[] = [];
  const push = (level: string) => (obj: object, msg: string) => {
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  };
  return { lines, info: push('info'), warn: push('warn'), text: () => lines.join('\n') };
}

/** A loopback port with nothing listening (bound, read, released). */
export async function unusedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
