// `npm start` serves https with a certificate from a local CA the project generates (no sudo).
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensureDevCertificate, trustInstructions } from '../../../api/tls/dev-cert';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(60_000);
let dir: string;
beforeAll(() => {
  dir = makeTempDir('cert');
});
afterAll(() => removeTempDir(dir));

it('issues a localhost certificate signed by its own CA, and reuses it', async () => {
  const first = await ensureDevCertificate(path.join(dir, '.cert'));
  expect(first.created).toBe(true);
  const ca = new crypto.X509Certificate(fs.readFileSync(first.caFile));
  const leaf = new crypto.X509Certificate(fs.readFileSync(first.certFile));
  expect(ca.ca).toBe(true);
  expect(leaf.ca).toBe(false);
  expect(leaf.verify(ca.publicKey)).toBe(true);
  expect(leaf.checkHost('localhost')).toBe('localhost');
  expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
  expect(fs.statSync(first.keyFile).mode & 0o077).toBe(0);
  const second = await ensureDevCertificate(path.join(dir, '.cert'));
  expect(second.created).toBe(false);
  expect(fs.readFileSync(second.certFile, 'utf8')).toBe(fs.readFileSync(first.certFile, 'utf8'));
  expect(trustInstructions(first.caFile)).toContain(first.caFile);
});

it('serves https that a client trusting only the CA accepts', async () => {
  const cert = await ensureDevCertificate(path.join(dir, '.cert'));
  const server = https.createServer({ cert: fs.readFileSync(cert.certFile), key: fs.readFileSync(cert.keyFile) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get({ host: 'localhost', port, path: '/', ca: fs.readFileSync(cert.caFile) }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).toBe('ok');
  } finally {
    server.close();
  }
});
