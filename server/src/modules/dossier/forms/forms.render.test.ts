/**
 * The form renderer on its own: every template renders a real PDF with embedded Vietnamese text
 * that survives extraction (poppler's pdftotext), records its template id and version in the
 * metadata, renders the same bytes for the same facts, and draws the QR code module for module.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DOSSIER_FORMS, type DossierFormId } from '../domain/index.ts';
import { formApplicability, PER_DOSSIER_FORMS } from './form.applicability.ts';
import { formatVnDateTime, publicLookupUrl, vnDateLine } from './form.format.ts';
import { finish, openSheet, qrCode, qrMatrix } from './form.layout.ts';
import { SAMPLE_FORMS } from './form.samples.ts';
import { FORM_TEMPLATES, renderForm } from './form.templates.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tinhso-forms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
/** Standard and custom entries of the information dictionary, plus pages and page size. */
function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = [['-custom', '-'], ['-']]
    .map((args) => execFileSync('pdfinfo', args, { input: pdf }).toString('utf8'))
    .join('\n');
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!.trim()]),
  );
}
const FORM_IDS = Object.keys(DOSSIER_FORMS) as DossierFormId[];

describe('every template', () => {
  for (const id of FORM_IDS) {
    it(`${id}: a PDF with its template id and version in the metadata and Vietnamese text intact`, async () => {
      const pdf = await renderForm(id, SAMPLE_FORMS[id] as never);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const info = pdfInfo(pdf);
      expect(info['TemplateId']).toBe(id);
      expect(info['TemplateVersion']).toBe(String(FORM_TEMPLATES[id].version));
      expect(info['Keywords']).toContain(`tinhso-form=${id}; version=${FORM_TEMPLATES[id].version}`);
      expect(info['Page size']).toMatch(/595\.\d+ x 841\.\d+|841\.\d+ x 595\.\d+/); // A4
      if (id === 'register') expect(info['Page size']).toMatch(/^841/); // landscape
      const text = pdfText(pdf);
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(text).toContain(DOSSIER_FORMS[id].name.toLocaleUpperCase('vi'));
      expect(text).toContain('Nguyễn Văn Dân');
      // Fonts are embedded (no reliance on the reader's fonts for ệ, ữ, ỗ …).
      const fonts = execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8');
      expect(fonts).toContain('DejaVuSerif');
      expect(fonts).not.toMatch(/\bno\s+(yes|no)\s+(yes|no)\s+\d/); // every font: emb = yes
    });
  }

  it('the same facts render to the same bytes (the creation date is the issue date)', async () => {
    const a = await renderForm('receipt', SAMPLE_FORMS.receipt);
    const b = await renderForm('receipt', SAMPLE_FORMS.receipt);
    expect(a.equals(b)).toBe(true);
  });

  it('the receipt fits one A4 page and prints code, applicant, procedure, appointment and lookup URL', async () => {
    const d = SAMPLE_FORMS.receipt;
    const pdf = await renderForm('receipt', d);
    expect(pdfInfo(pdf)['Pages']).toBe('1');
    const text = pdfText(pdf);
    for (const s of [
      d.code,
      'Nguyễn Văn Dân',
      'Thủ tục đăng ký khai sinh',
      '19/03/2026 17:00',
      '16/03/2026 09:05',
      d.lookupUrl,
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Trần Thị Một Cửa',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('a long register breaks across landscape pages with numbered pages', async () => {
    const pdf = await renderForm('register', SAMPLE_FORMS.register);
    const pages = Number(pdfInfo(pdf)['Pages']);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(text).toContain(`Trang ${pages}/${pages}`);
    for (const r of SAMPLE_FORMS.register.rows) expect(text).toContain(r.code);
  });
});

describe('formatting', () => {
  it('dd/MM/yyyy HH:mm in Vietnam time, whatever the instant', () => {
    expect(formatVnDateTime(new Date('2026-03-19T10:00:00Z'))).toBe('19/03/2026 17:00');
    expect(formatVnDateTime(new Date('2026-12-31T17:30:00Z'))).toBe('01/01/2027 00:30');
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
        const s = formatVnDateTime(d);
        const [dd, mm, rest] = s.split('/');
        const [yyyy, hm] = rest!.split(' ');
        const back = new Date(`${yyyy}-${mm}-${dd}T${hm}:00+07:00`);
        return back.getTime() === Math.floor(d.getTime() / 60_000) * 60_000;
      }),
    );
  });

  it('date line of Nghị định 30/2020: leading zero for days < 10 and months 1–2', () => {
    expect(vnDateLine(new Date('2026-02-04T03:00:00Z'), 'Cần Thơ')).toBe('Cần Thơ, ngày 04 tháng 02 năm 2026');
    expect(vnDateLine(new Date('2026-11-20T03:00:00Z'), null)).toBe('Ngày 20 tháng 11 năm 2026');
  });

  it('the QR payload is the public lookup page of the code', () => {
    expect(publicLookupUrl('https://dvc.example.vn/', '000.00.01.H99-260316-0042')).toBe(
      'https://dvc.example.vn/tra-cuu/000.00.01.H99-260316-0042',
    );
  });
});

describe('the QR code as printed', () => {
  it('every module on the rasterised page matches the encoding of the payload', async () => {
    // No QR decoder is installed; instead the page is rasterised by poppler and each module's
    // centre is compared with the matrix the qrcode library encodes for the payload.
    const payload = publicLookupUrl('http://127.0.0.1:3000', '000.00.01.H99-260316-0042');
    const sheet = openSheet(
      {
        title: 'qr',
        subject: 'qr',
        author: 'x',
        keywords: '',
        templateId: 'qr',
        templateVersion: 1,
        issuedAt: new Date(0),
      },
      'portrait',
    );
    const m = qrMatrix(payload);
    const cellPt = 4;
    const side = (m.size + 8) * cellPt;
    const x = 100;
    const y = 100;
    qrCode(sheet, payload, x, y, side);
    const file = path.join(dir, 'qr.pdf');
    writeFileSync(file, await finish(sheet, ''));
    const dpi = 144; // 2 px per pt: 8 px per module
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', file, path.join(dir, 'qr')]);
    const pgm = readFileSync(path.join(dir, 'qr-1.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1'))!;
    const [w] = [Number(header[1])];
    const data = pgm.subarray(header[0].length);
    const scale = dpi / 72;
    let mismatches = 0;
    for (let r = 0; r < m.size; r++) {
      for (let c = 0; c < m.size; c++) {
        const px = Math.round((x + (c + 4 + 0.5) * cellPt) * scale);
        const py = Math.round((y + (r + 4 + 0.5) * cellPt) * scale);
        const dark = data[py * w + px]! < 128;
        if (dark !== m.dark(r, c)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // And the quiet zone is white.
    const qx = Math.round((x + 2 * cellPt) * scale);
    const qy = Math.round((y + 2 * cellPt) * scale);
    expect(data[qy * w + qx]!).toBeGreaterThan(200);
  });
});

describe('which forms a dossier has', () => {
  it('a form issued by the history applies; others do not; the control sheet follows receipt', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constant('000.00.01.H99-260316-0001'), { nil: null }),
        fc.option(fc.constant('2026-03-16T02:00:00.000Z'), { nil: null }),
        fc.array(fc.option(fc.constantFrom(...PER_DOSSIER_FORMS), { nil: null }), { maxLength: 8 }),
        fc.constantFrom(...PER_DOSSIER_FORMS),
        (code, receivedAt, issuedForms, form) => {
          const r = formApplicability(form, { code, receivedAt, issuedForms });
          const expected =
            code !== null && (form === 'control_sheet' ? receivedAt !== null : issuedForms.includes(form));
          if (!r.applies) expect(r.reason.length).toBeGreaterThan(10);
          return r.applies === expected;
        },
      ),
    );
  });
});
