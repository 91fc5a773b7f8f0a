/**
 * Drawing primitives of the one-stop forms on PDFKit: page set-up, the heading block of an
 * administrative document, titles, label/value lines, bordered tables that break across pages,
 * signature blocks and the QR code. Presentation follows Nghị định 30/2020/NĐ-CP, Phụ lục I (thể
 * thức và kỹ thuật trình bày văn bản hành chính): A4, margins top/bottom 20 mm, left 30 mm,
 * right 15–20 mm; the national heading in bold capitals with the motto underlined by a line as
 * long as the motto; the issuing agency in bold capitals under its superior, underlined by a short
 * centred line; 13–14 pt body text. DejaVu Serif stands in for Times New Roman: it is free, has
 * every Vietnamese letter with its stacked diacritics, and is embedded (subset) in every file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const MM = 72 / 25.4;

/** Fonts are read once per process; every document embeds the subset it uses. */
const FONT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
const FONT_FILES = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  boldItalic: 'DejaVuSerif-BoldItalic.ttf',
  // Narrower cut for the heading block, whose lines must fit half a page width in capitals.
  condensed: 'DejaVuSerifCondensed.ttf',
  condensedBold: 'DejaVuSerifCondensed-Bold.ttf',
} as const;
export type FontName = keyof typeof FONT_FILES;
let fontCache: Record<FontName, Buffer> | null = null;
function fonts(): Record<FontName, Buffer> {
  if (fontCache === null) {
    fontCache = Object.fromEntries(
      Object.entries(FONT_FILES).map(([k, f]) => [k, readFileSync(path.join(FONT_DIR, f))]),
    ) as Record<FontName, Buffer>;
  }
  return fontCache;
}

export const BODY_SIZE = 13;
export const LINE_GAP = 1.5;

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  templateId: string;
  templateVersion: number;
  /** Also the creation date in the metadata: the same facts render to the same bytes. */
  issuedAt: Date;
}

export interface Sheet {
  doc: PDFKit.PDFDocument;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}

export function openSheet(meta: PdfMeta, orientation: 'portrait' | 'landscape'): Sheet {
  const margins =
    orientation === 'portrait'
      ? { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM }
      : { top: 20 * MM, bottom: 15 * MM, left: 20 * MM, right: 15 * MM };
  const doc = new PDFDocument({
    size: 'A4',
    layout: orientation,
    margins,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Author: meta.author,
      Keywords: meta.keywords,
      Creator: 'tinhso',
      Producer: 'tinhso',
      CreationDate: meta.issuedAt,
      ModDate: meta.issuedAt,
    },
  });
  // Custom entries of the document information dictionary (ISO 32000-1 §14.3.3 allows them).
  const info = doc.info as unknown as Record<string, unknown>;
  info['TemplateId'] = meta.templateId;
  info['TemplateVersion'] = String(meta.templateVersion);
  for (const [name, data] of Object.entries(fonts())) doc.registerFont(name, data);
  doc.font('regular').fontSize(BODY_SIZE);
  const sheet: Sheet = {
    doc,
    left: margins.left,
    right: doc.page.width - margins.right,
    top: margins.top,
    bottom: doc.page.height - margins.bottom,
    width: doc.page.width - margins.left - margins.right,
  };
  return sheet;
}

export function finish(sheet: Sheet, footer: string): Promise<Buffer> {
  const { doc } = sheet;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin while we do.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 10 * MM;
    doc.font('italic').fontSize(8).fillColor('#555555');
    doc.text(footer, sheet.left, y, { width: sheet.width * 0.8, lineBreak: false });
    if (range.count > 1) {
      doc.text(`Trang ${i - range.start + 1}/${range.count}`, sheet.left + sheet.width * 0.8, y, {
        width: sheet.width * 0.2,
        align: 'right',
        lineBreak: false,
      });
    }
    doc.fillColor('black');
    doc.page.margins.bottom = saved;
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The largest size ≤ max at which text fits the width in this font. */
function fitSize(sheet: Sheet, font: FontName, text: string, max: number, width: number): number {
  const { doc } = sheet;
  doc.font(font);
  let size = max;
  while (size > 7 && doc.fontSize(size).widthOfString(text) > width) size -= 0.5;
  return size;
}

/**
 * One line if the text fits at a readable size, else two lines split at the word boundary that
 * balances them (no lone last word like "KIỀU"), at the largest size ≤ max that fits.
 */
function headingLines(sheet: Sheet, font: FontName, text: string, max: number, width: number) {
  const one = fitSize(sheet, font, text, max, width);
  if (one >= 9) return { lines: [text], size: one };
  const words = text.split(' ');
  const doc = sheet.doc.font(font).fontSize(max);
  let best = { lines: [text], widest: Number.POSITIVE_INFINITY };
  for (let i = 1; i < words.length; i++) {
    const a = words.slice(0, i).join(' ');
    const b = words.slice(i).join(' ');
    const widest = Math.max(doc.widthOfString(a), doc.widthOfString(b));
    if (widest < best.widest) best = { lines: [a, b], widest };
  }
  const size = Math.max(8, Math.min(...best.lines.map((l) => fitSize(sheet, font, l, max, width))));
  return { lines: best.lines, size };
}

function centredLine(sheet: Sheet, text: string, font: FontName, size: number, x: number, width: number, y: number) {
  const { doc } = sheet;
  doc.font(font).fontSize(size);
  doc.text(text, x, y, { width, align: 'center', lineGap: 1 });
  return doc.y;
}

/**
 * The heading block: agency (left) and national heading (right), then the date line under the
 * motto. Returns nothing; leaves the cursor under the block.
 */
export function headingBlock(sheet: Sheet, agency: { name: string; parentName: string | null }, dateLine: string) {
  const { doc } = sheet;
  const leftW = sheet.width * 0.42;
  const rightX = sheet.left + leftW + 6;
  const rightW = sheet.right - rightX;
  const y0 = sheet.top;

  // Left: superior agency (regular capitals), issuing agency (bold capitals), short line.
  let y = y0;
  if (agency.parentName) {
    const parent = headingLines(sheet, 'condensed', agency.parentName.toLocaleUpperCase('vi'), 12, leftW);
    for (const l of parent.lines) y = centredLine(sheet, l, 'condensed', parent.size, sheet.left, leftW, y);
  }
  const name = headingLines(sheet, 'condensedBold', agency.name.toLocaleUpperCase('vi'), 12, leftW);
  for (const l of name.lines) y = centredLine(sheet, l, 'condensedBold', name.size, sheet.left, leftW, y);
  const shortLine = leftW / 3;
  const lyLeft = y + 4;
  doc
    .moveTo(sheet.left + (leftW - shortLine) / 2, lyLeft)
    .lineTo(sheet.left + (leftW + shortLine) / 2, lyLeft)
    .lineWidth(0.7)
    .stroke();

  // Right: national heading and motto, underlined as long as the motto.
  const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const nationSize = fitSize(sheet, 'condensedBold', nation, 12.5, rightW);
  let ry = centredLine(sheet, nation, 'condensedBold', nationSize, rightX, rightW, y0);
  const mottoSize = Math.min(13.5, nationSize + 1);
  ry = centredLine(sheet, motto, 'condensedBold', mottoSize, rightX, rightW, ry);
  const mottoW = doc.font('condensedBold').fontSize(mottoSize).widthOfString(motto);
  const lyRight = ry + 4;
  doc
    .moveTo(rightX + (rightW - mottoW) / 2, lyRight)
    .lineTo(rightX + (rightW + mottoW) / 2, lyRight)
    .lineWidth(0.7)
    .stroke();

  // Date line: italic, centred under the motto.
  doc.font('italic').fontSize(BODY_SIZE - 0.5);
  const dy = Math.max(lyLeft, lyRight) + 10;
  doc.text(dateLine, rightX, dy, { width: rightW, align: 'center' });
  doc.font('regular').fontSize(BODY_SIZE);
  doc.x = sheet.left;
  doc.y = doc.y + 10;
}

export function title(sheet: Sheet, text: string, sub?: string) {
  const { doc } = sheet;
  const size = fitSize(sheet, 'bold', text, 14, sheet.width);
  doc.font('bold').fontSize(size).text(text, sheet.left, doc.y, { width: sheet.width, align: 'center' });
  if (sub) {
    doc.moveDown(0.15);
    doc
      .font('italic')
      .fontSize(BODY_SIZE - 1)
      .text(sub, sheet.left, doc.y, { width: sheet.width, align: 'center' });
  }
  doc.font('regular').fontSize(BODY_SIZE);
  doc.x = sheet.left;
  doc.moveDown(0.6);
}

/** "Label: value" with the value in bold (or regular), wrapping under the label. */
export function field(
  sheet: Sheet,
  label: string,
  value: string,
  opts: { bold?: boolean; size?: number; indent?: number } = {},
) {
  const { doc } = sheet;
  const size = opts.size ?? BODY_SIZE;
  ensureSpace(sheet, size * 1.6);
  doc.font('regular').fontSize(size);
  doc.text(`${label} `, sheet.left, doc.y, {
    width: sheet.width,
    continued: true,
    lineGap: LINE_GAP,
    indent: opts.indent ?? 0,
  });
  doc.font(opts.bold === false ? 'regular' : 'bold').text(value, { lineGap: LINE_GAP });
  doc.font('regular').fontSize(BODY_SIZE);
  doc.moveDown(0.1);
}

export function paragraph(
  sheet: Sheet,
  text: string,
  opts: { font?: FontName; size?: number; indent?: number; align?: 'left' | 'justify' | 'center' } = {},
) {
  const { doc } = sheet;
  const size = opts.size ?? BODY_SIZE;
  ensureSpace(sheet, size * 1.6);
  doc.font(opts.font ?? 'regular').fontSize(size);
  doc.text(text, sheet.left, doc.y, {
    width: sheet.width,
    align: opts.align ?? 'justify',
    indent: opts.indent ?? 0,
    lineGap: LINE_GAP,
  });
  doc.font('regular').fontSize(BODY_SIZE);
  doc.moveDown(0.1);
}

export function ensureSpace(sheet: Sheet, height: number) {
  if (sheet.doc.y + height > sheet.bottom) {
    sheet.doc.addPage();
    sheet.doc.x = sheet.left;
    sheet.doc.y = sheet.top;
  }
}

export interface Column {
  header: string;
  /** Share of the table width (normalised). */
  weight: number;
  align?: 'left' | 'center' | 'right';
}

/** A bordered table; rows that do not fit go to the next page under a repeated header. */
export function table(
  sheet: Sheet,
  columns: Column[],
  rows: string[][],
  opts: { size?: number; headerSize?: number; x?: number; width?: number; condensed?: boolean } = {},
) {
  const bodyFont: FontName = opts.condensed ? 'condensed' : 'regular';
  const headFont: FontName = opts.condensed ? 'condensedBold' : 'bold';
  const { doc } = sheet;
  const size = opts.size ?? 11;
  const headerSize = opts.headerSize ?? size;
  const x0 = opts.x ?? sheet.left;
  const total = opts.width ?? sheet.width;
  const sum = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (c.weight / sum) * total);
  const pad = 3.5;

  const rowHeight = (cells: string[], font: FontName, fs: number) => {
    doc.font(font).fontSize(fs);
    return (
      Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad, lineGap: 1 }))) +
      2 * pad
    );
  };
  const drawRow = (cells: string[], y: number, h: number, font: FontName, fs: number, header: boolean) => {
    let x = x0;
    doc.lineWidth(0.6);
    cells.forEach((c, i) => {
      const w = widths[i]!;
      doc.rect(x, y, w, h).stroke();
      doc.font(font).fontSize(fs);
      const align = header ? 'center' : (columns[i]!.align ?? 'left');
      const textH = doc.heightOfString(c || ' ', { width: w - 2 * pad, lineGap: 1 });
      // Header cells are centred vertically; body cells start at the top like a register.
      const ty = header ? y + (h - textH) / 2 : y + pad;
      doc.text(c, x + pad, ty, { width: w - 2 * pad, align, lineGap: 1 });
      x += w;
    });
  };
  const headers = columns.map((c) => c.header);
  const headerH = rowHeight(headers, headFont, headerSize);
  const header = () => {
    const y = doc.y;
    drawRow(headers, y, headerH, headFont, headerSize, true);
    doc.y = y + headerH;
  };
  ensureSpace(sheet, headerH + 30);
  header();
  for (const r of rows) {
    const h = rowHeight(r, bodyFont, size);
    if (doc.y + h > sheet.bottom) {
      doc.addPage();
      doc.y = sheet.top;
      header();
    }
    const y = doc.y;
    drawRow(r, y, h, bodyFont, size, false);
    doc.y = y + h;
  }
  doc.x = sheet.left;
  doc.font('regular').fontSize(BODY_SIZE);
  doc.moveDown(0.3);
}

export interface SignatureBlock {
  title: string;
  note: string;
  name: string | null;
}

/** Signature blocks side by side, kept together on one page. */
export function signatures(sheet: Sheet, blocks: SignatureBlock[], opts: { gapForSignature?: number } = {}) {
  const { doc } = sheet;
  const gap = opts.gapForSignature ?? 52;
  ensureSpace(sheet, gap + 56);
  doc.moveDown(0.3);
  const y0 = doc.y;
  const w = sheet.width / blocks.length;
  let bottom = y0;
  blocks.forEach((b, i) => {
    const x = sheet.left + i * w;
    doc.font('bold').fontSize(BODY_SIZE).text(b.title, x, y0, { width: w, align: 'center' });
    doc
      .font('italic')
      .fontSize(BODY_SIZE - 1)
      .text(b.note, x, doc.y, { width: w, align: 'center' });
    const ny = doc.y + gap;
    if (b.name) doc.font('bold').fontSize(BODY_SIZE).text(b.name, x, ny, { width: w, align: 'center' });
    bottom = Math.max(bottom, b.name ? doc.y : ny);
  });
  doc.x = sheet.left;
  doc.y = bottom + 6;
  doc.font('regular').fontSize(BODY_SIZE);
}

/** The QR modules of a text (error correction M: survives a crease or a stamp on the corner). */
export function qrMatrix(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, dark: (r, c) => data[r * size + c] === 1 };
}

/** Draws the QR code as vector squares (sharp at any print resolution), quiet zone included. */
export function qrCode(sheet: Sheet, text: string, x: number, y: number, side: number) {
  const { doc } = sheet;
  const m = qrMatrix(text);
  const quiet = 4;
  const cell = side / (m.size + 2 * quiet);
  doc.save();
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) {
      if (m.dark(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill('black');
  doc.restore();
}
