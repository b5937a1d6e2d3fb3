// Pre-flight rules: what must hold before anything is encrypted or uploaded.
import { PDFDocument } from 'pdf-lib';
import { checkPdf, looksLikePdf, runPreflight, type PreflightInput } from '../../../addin/secure-send/preflight';
import { ADDIN_MAX_TOTAL_BYTES, fileSize } from '../../../addin/secure-send/limits';
import { encryptedPdf, goodPdf, pdfWithoutPages, truncatedPdf } from './fixtures';

const COURT_FP = 'c'.repeat(64);
const PERSON_FP = 'a'.repeat(64);
const OTHER_FP = 'b'.repeat(64);
const LAWYER_FP = 'd'.repeat(64);

function input(overrides: Partial<PreflightInput> = {}): PreflightInput {
  return {
    subject: 'Verzoekschrift',
    bodyText: 'Geachte griffie,',
    bodyBytes: 100,
    recipients: [{ emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' }],
    attachments: [],
    keys: [{ entry: { address: 'griffie@rechtspraak.nl', kind: 'unit', publicKey: 'KEY', fingerprint: COURT_FP }, actualFingerprint: COURT_FP }],
    principal: { accountId: 'acc-lawyer', email: 'mr.a.jansen@kantoor.nl', self: true, publicKey: null, statedFingerprint: null, actualFingerprint: null, courtConnection: { active: true, problems: [] } },
    courtKeyPins: [COURT_FP],
    knownFingerprint: () => undefined,
    ...overrides,
  };
}

const pdf = (name: string, content: Uint8Array) => ({ id: name, name, contentType: 'application/pdf', kind: 'file' as const, content });

describe('PDF checks', () => {
  it('accepts a PDF that opens, with its pages counted', async () => {
    expect(await checkPdf(await goodPdf('x', 3))).toEqual({ ok: true, pages: 3 });
  });

  it('refuses a PDF cut off half-way as incomplete', async () => {
    expect(await checkPdf(await truncatedPdf())).toEqual({ ok: false, problem: 'incomplete' });
  });

  it('refuses a PDF with a damaged object even when the end marker is there', async () => {
    const bytes = await goodPdf();
    const text = Buffer.from(bytes).toString('latin1').replace('/Type /Pages', '/Type /Pages <<<');
    expect(await checkPdf(new Uint8Array(Buffer.from(text, 'latin1')))).toEqual({ ok: false, problem: 'damaged' });
  });

  it('refuses a PDF with an /Encrypt dictionary in the trailer, which pdf-lib itself refuses to open', async () => {
    await expect(PDFDocument.load(encryptedPdf())).rejects.toThrow(/encrypted/);
    expect(await checkPdf(encryptedPdf())).toEqual({ ok: false, problem: 'encrypted' });
  });

  it('refuses a PDF without pages', async () => {
    expect(await checkPdf(await pdfWithoutPages())).toEqual({ ok: false, problem: 'no-pages' });
  });

  it('refuses a file named .pdf that is not a PDF', async () => {
    expect(await checkPdf(new TextEncoder().encode('Dit is een Word-document'))).toEqual({ ok: false, problem: 'not-a-pdf' });
  });

  it('treats a file as a PDF by name, by declared type or by content', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 ...');
    expect(looksLikePdf({ name: 'Conclusie.PDF', contentType: 'application/octet-stream', content: null })).toBe(true);
    expect(looksLikePdf({ name: 'stuk', contentType: 'application/pdf', content: null })).toBe(true);
    expect(looksLikePdf({ name: 'stuk.bin', contentType: 'application/octet-stream', content: bytes })).toBe(true);
    expect(looksLikePdf({ name: 'brief.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: new Uint8Array([80, 75, 3, 4]) })).toBe(false);
  });
});

describe('pre-flight', () => {
  it('passes a court message with a pinned court key and an active court connection', async () => {
    const result = await runPreflight(input({ attachments: [pdf('conclusie.pdf', await goodPdf())] }));
    expect(result.blockers).toEqual([]);
    expect(result.confirmations).toEqual([]);
    expect(result.toCourt).toBe(true);
    expect(result.targets).toEqual([{ address: 'griffie@rechtspraak.nl', court: true, publicKey: 'KEY', fingerprint: COURT_FP }]);
  });

  it('names every broken PDF and why, and encrypts nothing', async () => {
    const result = await runPreflight(input({ attachments: [pdf('kapot.pdf', await truncatedPdf()), pdf('beveiligd.pdf', encryptedPdf()), pdf('goed.pdf', await goodPdf())] }));
    expect(result.blockers).toEqual([
      { kind: 'pdf', name: 'kapot.pdf', problem: 'incomplete' },
      { kind: 'pdf', name: 'beveiligd.pdf', problem: 'encrypted' },
    ]);
    expect(result.targets).toEqual([]);
  });

  it('refuses a court key whose fingerprint is not pinned ("court key not trusted")', async () => {
    const result = await runPreflight(input({ courtKeyPins: [OTHER_FP] }));
    expect(result.blockers).toEqual([{ kind: 'court-key-not-trusted', addresses: ['griffie@rechtspraak.nl'] }]);
  });

  it('refuses a court key the server names with a pinned fingerprint that the key itself does not have', async () => {
    const keys = [{ entry: { address: 'griffie@rechtspraak.nl', kind: 'unit' as const, publicKey: 'OTHER KEY', fingerprint: COURT_FP }, actualFingerprint: OTHER_FP }];
    expect((await runPreflight(input({ keys }))).blockers).toEqual([{ kind: 'court-key-not-trusted', addresses: ['griffie@rechtspraak.nl'] }]);
  });

  it('refuses a court address answered with a person account key, even a pinned one', async () => {
    const keys = [{ entry: { address: 'griffie@rechtspraak.nl', kind: 'account' as const, publicKey: 'KEY', fingerprint: COURT_FP }, actualFingerprint: COURT_FP }];
    expect((await runPreflight(input({ keys }))).blockers).toEqual([{ kind: 'court-key-not-trusted', addresses: ['griffie@rechtspraak.nl'] }]);
  });

  it('names recipients without a key and refuses them', async () => {
    const result = await runPreflight(
      input({
        recipients: [
          { emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' },
          { emailAddress: 'Wederpartij@Example.nl', displayName: 'Wederpartij', recipientType: 'externalUser' },
        ],
      }),
    );
    expect(result.blockers).toEqual([{ kind: 'recipient-without-key', addresses: ['wederpartij@example.nl'] }]);
  });

  describe('recipients without a key, when the pane offers access codes', () => {
    const recipients = [
      { emailAddress: 'griffie@rechtspraak.nl', displayName: 'Griffie', recipientType: 'externalUser' },
      { emailAddress: 'Wederpartij@Example.nl', displayName: 'Wederpartij', recipientType: 'externalUser' },
    ];

    it('lists them as candidates and refuses them until they are given a code', async () => {
      const result = await runPreflight(input({ recipients, guests: new Set() }));
      expect(result.guestCandidates).toEqual(['wederpartij@example.nl']);
      expect(result.blockers).toEqual([{ kind: 'recipient-without-key', addresses: ['wederpartij@example.nl'] }]);
      expect(result.guests).toEqual([]);
      expect(result.targets).toEqual([]);
    });

    it('sends to them as guests once they are given a code, beside the keyed recipients', async () => {
      const result = await runPreflight(input({ recipients, guests: new Set(['wederpartij@example.nl']) }));
      expect(result.blockers).toEqual([]);
      expect(result.guests).toEqual(['wederpartij@example.nl']);
      expect(result.targets.map((t) => t.address)).toEqual(['griffie@rechtspraak.nl']);
    });

    it('never makes a court address without a key a guest, even when asked to', async () => {
      const court = [{ emailAddress: 'rechtbank.utrecht@rechtspraak.nl', displayName: 'Rechtbank', recipientType: 'externalUser' }];
      const result = await runPreflight(input({ recipients: court, keys: [], guests: new Set(['rechtbank.utrecht@rechtspraak.nl']) }));
      expect(result.blockers).toEqual([{ kind: 'court-without-key', addresses: ['rechtbank.utrecht@rechtspraak.nl'] }]);
      expect(result.guestCandidates).toEqual([]);
      expect(result.guests).toEqual([]);
    });

    it('never makes an organisation unit without a key a guest: it has its own blocker, apart from the guests', async () => {
      // As the directory answers a unit that has no key yet: named as a unit, without publicKey.
      const unit = [
        { emailAddress: 'balie@kantoor.nl', displayName: 'Balie', recipientType: 'externalUser' },
        { emailAddress: 'Wederpartij@Example.nl', displayName: 'Wederpartij', recipientType: 'externalUser' },
      ];
      const keys = [{ entry: { address: 'balie@kantoor.nl', kind: 'unit' as const, unitId: 'unit-balie', unitName: 'Balie' }, actualFingerprint: null }];
      const result = await runPreflight(input({ recipients: unit, keys, guests: new Set(['balie@kantoor.nl']) }));
      expect(result.blockers).toEqual([
        { kind: 'recipient-without-key', addresses: ['wederpartij@example.nl'] },
        { kind: 'unit-without-key', addresses: ['balie@kantoor.nl'] },
      ]);
      expect(result.guestCandidates).toEqual(['wederpartij@example.nl']);
      expect(result.guests).toEqual([]);
    });

    it('refuses an organisation unit without a key as such also when no access codes are offered', async () => {
      const unit = [{ emailAddress: 'balie@kantoor.nl', displayName: 'Balie', recipientType: 'externalUser' }];
      const keys = [{ entry: { address: 'balie@kantoor.nl', kind: 'unit' as const, unitId: 'unit-balie', unitName: 'Balie' }, actualFingerprint: null }];
      const result = await runPreflight(input({ recipients: unit, keys }));
      expect(result.blockers).toEqual([{ kind: 'unit-without-key', addresses: ['balie@kantoor.nl'] }]);
      expect(result.targets).toEqual([]);
    });

    it('gives no guests while another check refuses the message', async () => {
      const result = await runPreflight(input({ recipients, guests: new Set(['wederpartij@example.nl']), subject: 'x', attachments: [pdf('kapot.pdf', await truncatedPdf())] }));
      expect(result.blockers.map((b) => b.kind)).toEqual(['pdf']);
      expect(result.guests).toEqual([]);
      expect(result.guestCandidates).toEqual(['wederpartij@example.nl']);
    });
  });

  it('refuses contact groups, which cannot be encrypted to', async () => {
    const result = await runPreflight(input({ recipients: [{ emailAddress: 'team@kantoor.nl', displayName: 'Team', recipientType: 'distributionList' }], keys: [] }));
    expect(result.blockers).toEqual([{ kind: 'group-recipient', names: ['Team <team@kantoor.nl>'] }]);
  });

  it('trusts a person key on first use and asks to remember it after sending', async () => {
    const result = await runPreflight(
      input({
        recipients: [{ emailAddress: 'advocaat@wederpartij.nl', displayName: '', recipientType: 'externalUser' }],
        keys: [{ entry: { address: 'advocaat@wederpartij.nl', kind: 'account', publicKey: 'P', fingerprint: PERSON_FP }, actualFingerprint: PERSON_FP }],
      }),
    );
    expect(result.blockers).toEqual([]);
    expect(result.confirmations).toEqual([]);
    expect(result.remember).toEqual([{ address: 'advocaat@wederpartij.nl', fingerprint: PERSON_FP }]);
    expect(result.toCourt).toBe(false);
  });

  it('needs explicit confirmation when a person key changed since first use', async () => {
    const result = await runPreflight(
      input({
        recipients: [{ emailAddress: 'advocaat@wederpartij.nl', displayName: '', recipientType: 'externalUser' }],
        keys: [{ entry: { address: 'advocaat@wederpartij.nl', kind: 'account', publicKey: 'P', fingerprint: OTHER_FP }, actualFingerprint: OTHER_FP }],
        knownFingerprint: (address) => (address === 'advocaat@wederpartij.nl' ? PERSON_FP : undefined),
      }),
    );
    expect(result.blockers).toEqual([]);
    expect(result.confirmations).toEqual([{ id: `key-changed:advocaat@wederpartij.nl:${OTHER_FP}`, kind: 'key-changed', address: 'advocaat@wederpartij.nl', previousFingerprint: PERSON_FP, fingerprint: OTHER_FP }]);
  });

  it('refuses a person key that does not have the fingerprint the server states', async () => {
    const result = await runPreflight(
      input({
        recipients: [{ emailAddress: 'advocaat@wederpartij.nl', displayName: '', recipientType: 'externalUser' }],
        keys: [{ entry: { address: 'advocaat@wederpartij.nl', kind: 'account', publicKey: 'P', fingerprint: PERSON_FP }, actualFingerprint: OTHER_FP }],
      }),
    );
    expect(result.blockers).toEqual([{ kind: 'key-unusable', addresses: ['advocaat@wederpartij.nl'] }]);
  });

  it("refuses court mail without the principal's active court connection, with the steps to take", async () => {
    const principal = { accountId: 'acc-lawyer', email: 'mr.a.jansen@kantoor.nl', self: true, publicKey: null, statedFingerprint: null, actualFingerprint: null, courtConnection: { active: false, problems: ['not-linked' as const] } };
    expect((await runPreflight(input({ principal }))).blockers).toEqual([{ kind: 'court-connection-inactive', self: true, email: 'mr.a.jansen@kantoor.nl', problems: ['not-linked'] }]);
  });

  it("refuses court mail when the principal's court connection is unknown", async () => {
    const principal = { accountId: 'acc-lawyer', email: 'mr.a.jansen@kantoor.nl', self: true, publicKey: null, statedFingerprint: null, actualFingerprint: null, courtConnection: null };
    expect((await runPreflight(input({ principal }))).blockers).toEqual([{ kind: 'court-connection-inactive', self: true, email: 'mr.a.jansen@kantoor.nl', problems: [] }]);
  });

  it("encrypts to the principal's key when a secretary sends on behalf, trusted on first use", async () => {
    const principal = { accountId: 'acc-lawyer', email: 'Mr.B@kantoor.nl', self: false, publicKey: 'LAWYER KEY', statedFingerprint: LAWYER_FP, actualFingerprint: LAWYER_FP, courtConnection: { active: true, problems: [] } };
    const result = await runPreflight(input({ principal }));
    expect(result.blockers).toEqual([]);
    expect(result.principalKey).toBe('LAWYER KEY');
    expect(result.remember).toEqual([{ address: 'mr.b@kantoor.nl', fingerprint: LAWYER_FP }]);
  });

  it('refuses to send on behalf of someone whose key is missing', async () => {
    const principal = { accountId: 'acc-lawyer', email: 'mr.b@kantoor.nl', self: false, publicKey: null, statedFingerprint: null, actualFingerprint: null, courtConnection: { active: true, problems: [] } };
    expect((await runPreflight(input({ principal }))).blockers).toEqual([{ kind: 'principal-key-missing', email: 'mr.b@kantoor.nl' }]);
  });

  it('refuses without a chosen principal', async () => {
    expect((await runPreflight(input({ principal: null }))).blockers).toEqual([{ kind: 'no-principal' }]);
  });

  it('asks to confirm an empty subject and an empty body', async () => {
    const result = await runPreflight(input({ subject: '  ', bodyText: '\n\u00a0 ' }));
    expect(result.blockers).toEqual([]);
    expect(result.confirmations.map((c) => c.kind)).toEqual(['empty-subject', 'empty-body']);
  });

  it('refuses more than Outlook can hand over, pointing to the web app', async () => {
    const big = { id: 'big', name: 'bijlagen.zip', contentType: 'application/zip', kind: 'file' as const, content: new Uint8Array(ADDIN_MAX_TOTAL_BYTES) };
    expect((await runPreflight(input({ attachments: [big] }))).blockers).toEqual([{ kind: 'too-large', totalBytes: ADDIN_MAX_TOTAL_BYTES + 100, maxBytes: ADDIN_MAX_TOTAL_BYTES }]);
  });

  it('refuses cloud links, unreadable and empty attachments by name', async () => {
    const result = await runPreflight(
      input({
        attachments: [
          { id: '1', name: 'dossier', contentType: 'application/octet-stream', kind: 'cloud', content: null },
          { id: '2', name: 'productie.docx', contentType: 'application/octet-stream', kind: 'file', content: null },
          { id: '3', name: 'leeg.txt', contentType: 'text/plain', kind: 'file', content: new Uint8Array(0) },
        ],
      }),
    );
    expect(result.blockers).toEqual([
      { kind: 'attachment-cloud', name: 'dossier' },
      { kind: 'attachment-unreadable', name: 'productie.docx' },
      { kind: 'attachment-empty', name: 'leeg.txt' },
    ]);
  });
});

describe('file sizes for people', () => {
  it('shows small files in kB (never "0,1 MB" for a few bytes) and larger ones in MB, as each language writes numbers', () => {
    expect(fileSize(100, 'nl')).toBe('1 kB');
    expect(fileSize(20 * 1024 + 1, 'en')).toBe('21 kB');
    expect(fileSize(1536 * 1024, 'nl')).toBe('1,5 MB');
    expect(fileSize(1536 * 1024, 'en')).toBe('1.5 MB');
    expect(fileSize(25 * 1024 * 1024, 'en')).toBe('25 MB');
  });
});
