/**
 * Mẫu 07, Sổ theo dõi hồ sơ (the register of the dossiers a desk received), as an Excel workbook
 * (issue 5: "Form 07 (register) also as Excel"): the same rows and columns as the PDF register in
 * form.templates.ts, so the desk can sort, filter and file it. Pure: the route gathers the rows;
 * this only lays them out.
 *
 * Dates are real Excel dates showing Vietnam wall-clock time: Excel has no time zones, so each
 * instant is shifted by +7 h and written as that wall clock (no daylight saving in Vietnam).
 */
import ExcelJS from 'exceljs';
import { DOSSIER_FORMS } from '../domain/index.ts';
import { TIMELINESS_LABELS } from './form.format.ts';
import type { RegisterData } from './form.types.ts';

const VN_OFFSET_MS = 7 * 3600 * 1000;
export const REGISTER_XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const REGISTER_SHEET_NAME = 'Sổ theo dõi hồ sơ';

/** The PDF register's columns (form.templates.ts), with widths in Excel character units. */
export const REGISTER_XLSX_COLUMNS = [
  { header: 'STT', width: 6 },
  { header: 'Mã hồ sơ', width: 28 },
  { header: 'Tên thủ tục hành chính', width: 44 },
  { header: 'Tên cá nhân, tổ chức', width: 26 },
  { header: 'Cơ quan chủ trì giải quyết', width: 30 },
  { header: 'Ngày, giờ nhận hồ sơ', width: 17 },
  { header: 'Ngày, giờ hẹn trả kết quả', width: 17 },
  { header: 'Tình trạng', width: 20 },
  { header: 'Trước/đúng/quá hạn', width: 13 },
  { header: 'Ký nhận', width: 12 },
] as const;

/** The row of the column headers (1-based): title, agency, range, blank line, then the headers. */
export const REGISTER_HEADER_ROW = 5;
const DATE_FORMAT = 'dd/mm/yyyy hh:mm';

const wallClock = (instant: Date | null) => (instant === null ? null : new Date(instant.getTime() + VN_OFFSET_MS));

function isoDateVn(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** The register as an .xlsx file. Same data → same sheet content. */
export async function renderRegisterXlsx(d: RegisterData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = d.agency.name;
  workbook.title = `Mẫu số ${DOSSIER_FORMS.register.number} – ${DOSSIER_FORMS.register.name}`;
  // The issue instant, not the wall clock of the machine writing it.
  workbook.created = d.issuedAt;
  workbook.modified = d.issuedAt;
  const last = REGISTER_XLSX_COLUMNS.length;
  const sheet = workbook.addWorksheet(REGISTER_SHEET_NAME, {
    views: [{ state: 'frozen', ySplit: REGISTER_HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${REGISTER_HEADER_ROW}:${REGISTER_HEADER_ROW}`,
    },
  });
  sheet.columns = REGISTER_XLSX_COLUMNS.map((c) => ({ width: c.width }));

  const banner = (row: number, text: string, font: Partial<ExcelJS.Font>) => {
    sheet.mergeCells(row, 1, row, last);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  banner(1, DOSSIER_FORMS.register.name.toUpperCase(), { bold: true, size: 14 });
  sheet.getRow(1).height = 22;
  banner(2, d.agency.parentName ? `${d.agency.name} – ${d.agency.parentName}` : d.agency.name, {
    bold: true,
    size: 11,
  });
  banner(3, `Từ ngày ${isoDateVn(d.from)} đến ngày ${isoDateVn(d.to)} — ${d.rows.length} hồ sơ`, {
    italic: true,
    size: 11,
  });

  const header = sheet.getRow(REGISTER_HEADER_ROW);
  header.values = REGISTER_XLSX_COLUMNS.map((c) => c.header);
  header.font = { bold: true };
  header.height = 32;
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  header.eachCell((cell) => {
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  });

  d.rows.forEach((r, i) => {
    const row = sheet.addRow([
      i + 1,
      r.code,
      r.procedureName,
      r.applicantName,
      r.handlingAgencyName,
      wallClock(r.receivedAt),
      wallClock(r.appointmentAt),
      r.status,
      r.timeliness === null ? '' : TIMELINESS_LABELS[r.timeliness],
      '',
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = border;
      if (col === 1 || col === 6 || col === 7 || col === 9) cell.alignment = { horizontal: 'center', vertical: 'top' };
    });
    row.getCell(2).numFmt = '@'; // codes stay text
    row.getCell(6).numFmt = DATE_FORMAT;
    row.getCell(7).numFmt = DATE_FORMAT;
  });
  if (d.rows.length > 0) {
    sheet.autoFilter = {
      from: { row: REGISTER_HEADER_ROW, column: 1 },
      to: { row: REGISTER_HEADER_ROW + d.rows.length, column: last },
    };
  }

  const count = (t: string) => d.rows.filter((r) => r.timeliness === t).length;
  const totalRow = REGISTER_HEADER_ROW + d.rows.length + 2;
  sheet.mergeCells(totalRow, 1, totalRow, last);
  sheet.getCell(totalRow, 1).value =
    `Tổng số: ${d.rows.length} hồ sơ; đã giải quyết trước hạn ${count('early')}, đúng hạn ${count('on_time')}, quá hạn ${count('late')}.`;
  sheet.getCell(totalRow, 1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
