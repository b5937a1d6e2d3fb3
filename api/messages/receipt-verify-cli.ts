// `npm run receipt:verify -- <receipt> --jwks <jwks.json> [--issuer <origin>] [--manifest <manifest.json> --part <partId>=<file>…]`
// Verifies a receipt offline: the signature against the published receipt keys (saved from
// /api/receipts/jwks.json), and optionally the decrypted parts' SHA-256 against the manifest.
// The receipt file holds the JWS itself, or JSON with a "receipt" field (as the API returns it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { verifyReceipt, checkPlaintextAgainstManifest, type ReceiptJwk } from '../../shared/crypto/receipt';
import { parseManifest } from '../../shared/crypto/manifest';

const USAGE = 'usage: npm run receipt:verify -- <receipt-file> --jwks <jwks.json> [--issuer <origin>] [--manifest <manifest.json> --part <partId>=<file> …]';

function readJws(file: string): string {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.startsWith('{')) {
    const parsed = JSON.parse(text) as { receipt?: unknown; jws?: unknown };
    const jws = parsed.receipt ?? parsed.jws;
    if (typeof jws !== 'string') throw new Error('the JSON file has no "receipt" field');
    return jws;
  }
  return text;
}

export async function runReceiptVerify(args: string[], out: (line: string) => void): Promise<number> {
  const [receiptFile, ...rest] = args;
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const jwksFile = option('--jwks');
  if (!receiptFile || !jwksFile) {
    out(USAGE);
    return 2;
  }
  const jws = readJws(receiptFile);
  const jwks = JSON.parse(fs.readFileSync(jwksFile, 'utf8')) as { keys: ReceiptJwk[] };
  const issuer = option('--issuer') ?? (JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { iss?: string }).iss ?? '';
  let payload;
  try {
    payload = await verifyReceipt({ jws, jwks, issuer });
  } catch {
    out('receipt NOT valid: the signature, the key or the contents do not check out');
    return 1;
  }
  out(`receipt valid: message ${payload.messageId}, ${payload.serverTime} (server time, UTC)`);
  out(`  sent for ${payload.principal.accountId}${payload.principal.professionalNumber ? ` (${payload.principal.kind} ${payload.principal.professionalNumber})` : ''} by ${payload.actor.accountId}`);
  out(`  to ${payload.recipients.join(', ')}; ${payload.chunks.length} stored chunks; manifest ${payload.manifestHash}`);

  const manifestFile = option('--manifest');
  if (!manifestFile) return 0;
  const manifest = parseManifest(fs.readFileSync(manifestFile));
  const parts: { partId: string; plaintextSha256: string }[] = [];
  rest.forEach((arg, i) => {
    if (arg !== '--part') return;
    const [partId, file] = (rest[i + 1] ?? '').split('=');
    if (partId && file) parts.push({ partId, plaintextSha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') });
  });
  const verdict = checkPlaintextAgainstManifest({ manifest, parts });
  if (!verdict.ok) {
    out(`parts do NOT match the manifest: ${verdict.problems.join('; ')}`);
    return 1;
  }
  out(`parts match the manifest: ${parts.map((p) => p.partId).join(', ')}`);
  return 0;
}

if (require.main === module) {
  runReceiptVerify(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`receipt:verify: ${err instanceof Error ? err.message : 'failed'}\n`);
      process.exit(2);
    },
  );
}
