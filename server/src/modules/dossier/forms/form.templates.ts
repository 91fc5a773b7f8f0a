/**
 * The seven one-stop forms of Thông tư 03/2025/TT-VPCP (Mẫu 01–07), one template each, keyed by
 * the stable form id of DOSSIER_FORMS with a template version (DOMAIN.md §3: "key templates by a
 * stable id plus version, not by number"). Bump a template's version whenever what it prints
 * changes: the version is written into every PDF's metadata, so a printed paper can be traced
 * back to the template that produced it.
 *
 * The wording follows the forms as published (Thông tư 01/2018/TT-VPCP Mẫu 01–06, renumbered and
 * extended by Thông tư 03/2025/TT-VPCP): the fields are the dossier's facts; nothing is left as
 * dotted lines except the handwritten signatures.
 */
import { DOSSIER_FORMS, type DossierFormId } from '../domain/index.ts';
import { formatVnDate, formatVnDateTime, TIMELINESS_LABELS, vnDateLine, vnWeekday } from './form.format.ts';
import {
  BODY_SIZE,
  ensureSpace,
  field,
  finish,
  headingBlock,
  openSheet,
  paragraph,
  qrCode,
  type Sheet,
  signatures,
  table,
  title,
} from './form.layout.ts';
import type {
  ApologyExtensionData,
  ControlSheetData,
  DossierFormBase,
  FormDataMap,
  ReceiptData,
  RefusalData,
  RegisterData,
  StopNoticeData,
  SupplementRequestData,
} from './form.types.ts';

export interface FormTemplate<F extends DossierFormId> {
  readonly id: F;
  readonly version: number;
  readonly orientation: 'portrait' | 'landscape';
  readonly draw: (sheet: Sheet, data: FormDataMap[F]) => void;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');
const dash = '—';
const when = (d: Date | null) => (d === null ? dash : formatVnDateTime(d));
// No-break spaces keep "(Thứ Năm)" whole when the line wraps.
const appointment = (d: Date) => `${formatVnDateTime(d)} (${vnWeekday(d)})`.replace(/ /g, '\u00a0');

/** Applicant lines shared by the per-dossier forms. */
function applicantLines(sheet: Sheet, d: DossierFormBase) {
  const a = d.applicant;
  if (a.idNumber) field(sheet, 'Số định danh cá nhân/mã số:', a.idNumber, { bold: false });
  if (a.address) field(sheet, 'Địa chỉ:', a.address, { bold: false });
  const contact = [a.phone ? `Số điện thoại: ${a.phone}` : null, a.email ? `Email: ${a.email}` : null]
    .filter(Boolean)
    .join('     ');
  if (contact) paragraph(sheet, contact, { align: 'left' });
}

function request(sheet: Sheet, d: DossierFormBase) {
  field(sheet, 'Nội dung yêu cầu giải quyết:', `${d.procedureName} (mã thủ tục ${d.procedureCode})`);
}

function numbered(sheet: Sheet, n: number, label: string, value: string) {
  field(sheet, `${n}. ${label}`, value);
}

function formTitle(id: DossierFormId) {
  return upper(DOSSIER_FORMS[id].name);
}

const receipt: FormTemplate<'receipt'> = {
  id: 'receipt',
  version: 1,
  orientation: 'portrait',
  draw(sheet, d: ReceiptData) {
    const { doc } = sheet;
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(sheet, formTitle('receipt'));
    // The dossier code large on the left, the QR code of the public lookup on the right.
    const qrSide = 78;
    const y0 = doc.y - 4;
    const textW = sheet.width - qrSide - 12;
    const label = 'Mã hồ sơ: ';
    const labelW = doc.font('regular').fontSize(BODY_SIZE).widthOfString(label);
    let codeSize = 18;
    doc.font('bold');
    while (codeSize > 11 && doc.fontSize(codeSize).widthOfString(d.code) > textW - labelW) codeSize -= 0.5;
    const codeY = y0 + 14;
    doc
      .font('regular')
      .fontSize(BODY_SIZE)
      .text(label, sheet.left, codeY + (codeSize - BODY_SIZE) * 0.8, { lineBreak: false });
    doc
      .font('bold')
      .fontSize(codeSize)
      .text(d.code, sheet.left + labelW, codeY, { width: textW - labelW, lineBreak: false });
    doc
      .font('italic')
      .fontSize(9.5)
      .text('Tra cứu tình trạng hồ sơ: quét mã QR bên cạnh hoặc truy cập', sheet.left, codeY + codeSize + 12, {
        width: textW,
      });
    let urlSize = 9.5;
    doc.font('regular');
    while (urlSize > 6.5 && doc.fontSize(urlSize).widthOfString(d.lookupUrl) > textW) urlSize -= 0.5;
    doc.text(d.lookupUrl, sheet.left, doc.y, { width: textW });
    qrCode(sheet, d.lookupUrl, sheet.right - qrSide, y0, qrSide);
    doc.x = sheet.left;
    doc.y = Math.max(doc.y, y0 + qrSide) + 4;
    doc.font('regular').fontSize(BODY_SIZE);

    field(sheet, `${d.agency.name} tiếp nhận hồ sơ của:`, d.applicant.name);
    applicantLines(sheet, d);
    request(sheet, d);
    paragraph(sheet, '1. Thành phần hồ sơ nộp gồm:', { align: 'left' });
    if (d.components.length === 0) {
      paragraph(sheet, '(Không có giấy tờ kèm theo.)', { font: 'italic', align: 'left' });
    } else {
      table(
        sheet,
        [
          { header: 'STT', weight: 0.7, align: 'center' },
          { header: 'Tên giấy tờ', weight: 4.25 },
          { header: 'Bản chính', weight: 0.95, align: 'center' },
          { header: 'Bản sao', weight: 0.85, align: 'center' },
          { header: 'Hình thức', weight: 1.25, align: 'center' },
        ],
        d.components.map((c, i) => [
          String(i + 1),
          c.name,
          c.originals === null ? dash : String(c.originals),
          c.copies === null ? dash : String(c.copies),
          c.medium === 'paper' ? 'Giấy' : 'Điện tử',
        ]),
        { size: 11 },
      );
    }
    numbered(sheet, 2, 'Số lượng hồ sơ:', '01 bộ');
    numbered(sheet, 3, 'Thời gian giải quyết hồ sơ theo quy định:', d.processingTime);
    numbered(sheet, 4, 'Thời gian nhận hồ sơ:', formatVnDateTime(d.receivedAt));
    numbered(sheet, 5, 'Thời gian trả kết quả giải quyết hồ sơ:', appointment(d.appointmentAt));
    numbered(sheet, 6, 'Đăng ký nhận kết quả tại:', d.returnPlace);
    signatures(sheet, [
      { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.applicant.name },
      { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.receiverName },
    ]);
  },
};

const supplementRequest: FormTemplate<'supplement_request'> = {
  id: 'supplement_request',
  version: 1,
  orientation: 'portrait',
  draw(sheet, d: SupplementRequestData) {
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(sheet, formTitle('supplement_request'), `Mã hồ sơ: ${d.code}`);
    field(sheet, `${d.agency.name} tiếp nhận hồ sơ của:`, d.applicant.name);
    applicantLines(sheet, d);
    request(sheet, d);
    if (d.receivedAt) field(sheet, 'Thời gian nhận hồ sơ:', formatVnDateTime(d.receivedAt), { bold: false });
    paragraph(sheet, 'Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:', { align: 'left' });
    for (const [i, item] of d.items.entries()) paragraph(sheet, `${i + 1}. ${item}`);
    // Nghị định 61/2018/NĐ-CP Art. 15 (amended by Nghị định 107/2021, 118/2025): the time to
    // complete a dossier is not counted in the processing time.
    paragraph(
      sheet,
      `Thời gian giải quyết hồ sơ tạm dừng kể từ ${formatVnDateTime(d.issuedAt)} cho đến khi nhận đủ hồ sơ bổ sung, hoàn thiện.`,
    );
    const contact = d.agency.phone ? ` theo số điện thoại ${d.agency.phone}` : '';
    paragraph(
      sheet,
      `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ${d.officerName ?? 'người hướng dẫn'}${contact} để được hướng dẫn.`,
    );
    signatures(sheet, [
      { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.applicant.name },
      { title: 'NGƯỜI HƯỚNG DẪN', note: '(Ký và ghi rõ họ tên)', name: d.officerName },
    ]);
  },
};

const refusal: FormTemplate<'refusal'> = {
  id: 'refusal',
  version: 1,
  orientation: 'portrait',
  draw(sheet, d: RefusalData) {
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(sheet, formTitle('refusal'), `Mã hồ sơ: ${d.code}`);
    field(sheet, `${d.agency.name} tiếp nhận hồ sơ của:`, d.applicant.name);
    applicantLines(sheet, d);
    request(sheet, d);
    paragraph(
      sheet,
      `Qua xem xét, ${d.agency.name} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
    );
    paragraph(sheet, d.reason, { font: 'italic' });
    paragraph(sheet, 'Xin thông báo cho Ông/Bà được biết và thực hiện.');
    signatures(sheet, [
      { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.applicant.name },
      { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.officerName },
    ]);
  },
};

const apologyExtension: FormTemplate<'apology_extension'> = {
  id: 'apology_extension',
  version: 1,
  orientation: 'portrait',
  draw(sheet, d: ApologyExtensionData) {
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(sheet, formTitle('apology_extension'), `Mã hồ sơ: ${d.code}`);
    paragraph(sheet, `Kính gửi: Ông/Bà ${d.applicant.name}`, { align: 'center', font: 'regular' });
    const received = d.receivedAt ? `Ngày ${formatVnDate(d.receivedAt)}, ` : '';
    paragraph(
      sheet,
      `${received}${d.agency.name} tiếp nhận giải quyết hồ sơ của Ông/Bà (${d.procedureName}, mã hồ sơ ${d.code}).`,
      { indent: 28 },
    );
    paragraph(
      sheet,
      `Thời hạn trả kết quả giải quyết hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả là ${formatVnDateTime(d.previousAppointmentAt)}.`,
      { indent: 28 },
    );
    paragraph(
      sheet,
      `Tuy nhiên, đến nay ${d.handlingAgencyName} chưa trả kết quả giải quyết hồ sơ của Ông/Bà. Lý do: ${d.reason}`,
      { indent: 28 },
    );
    paragraph(
      sheet,
      `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. ${d.handlingAgencyName} xin lỗi Ông/Bà về sự bất tiện này.`,
      { indent: 28 },
    );
    field(
      sheet,
      `${d.handlingAgencyName} sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào:`,
      appointment(d.newAppointmentAt),
      {
        indent: 28,
      },
    );
    paragraph(sheet, 'Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.', { indent: 28 });
    signatures(sheet, [
      { title: '', note: '', name: null },
      { title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)', name: null },
    ]);
  },
};

const stopNotice: FormTemplate<'stop_notice'> = {
  id: 'stop_notice',
  version: 1,
  orientation: 'portrait',
  draw(sheet, d: StopNoticeData) {
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(sheet, formTitle('stop_notice'), `Mã hồ sơ: ${d.code}`);
    paragraph(sheet, `Kính gửi: Ông/Bà ${d.applicant.name}`, { align: 'center' });
    paragraph(sheet, `${d.agency.name} thông báo dừng giải quyết hồ sơ sau:`, { indent: 28 });
    field(sheet, 'Mã hồ sơ:', d.code);
    request(sheet, d);
    if (d.receivedAt) field(sheet, 'Thời gian nhận hồ sơ:', formatVnDateTime(d.receivedAt), { bold: false });
    field(sheet, 'Thời điểm dừng giải quyết:', formatVnDateTime(d.issuedAt), { bold: false });
    paragraph(sheet, 'Lý do dừng giải quyết:', { align: 'left' });
    paragraph(sheet, d.reason, { font: 'italic' });
    paragraph(
      sheet,
      'Hồ sơ và giấy tờ đã nộp được trả lại cho Ông/Bà theo quy định. Xin thông báo để Ông/Bà được biết.',
      {
        indent: 28,
      },
    );
    signatures(sheet, [
      { title: '', note: '', name: null },
      { title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)', name: null },
    ]);
  },
};

const controlSheet: FormTemplate<'control_sheet'> = {
  id: 'control_sheet',
  version: 1,
  orientation: 'portrait',
  draw(sheet, d: ControlSheetData) {
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(sheet, formTitle('control_sheet'));
    const size = 12;
    field(sheet, 'Mã hồ sơ:', d.code, { size });
    field(sheet, 'Người nộp hồ sơ:', d.applicant.name, { size });
    field(sheet, 'Thủ tục:', `${d.procedureName} (mã ${d.procedureCode})`, { size, bold: false });
    field(sheet, 'Cơ quan tiếp nhận:', d.agency.name, { size, bold: false });
    field(sheet, 'Cơ quan chủ trì giải quyết:', d.handlingAgencyName, { size, bold: false });
    field(sheet, 'Thời gian nhận hồ sơ:', when(d.receivedAt), { size, bold: false });
    field(sheet, 'Hạn giải quyết theo quy định:', when(d.dueAt), { size, bold: false });
    field(sheet, 'Hẹn trả kết quả:', when(d.appointmentAt), { size, bold: false });
    sheet.doc.moveDown(0.3);
    table(
      sheet,
      [
        { header: 'STT', weight: 0.6, align: 'center' },
        { header: 'Thời gian giao, nhận', weight: 1.35, align: 'center' },
        { header: 'Bên giao → bên nhận', weight: 3 },
        { header: 'Nội dung xử lý', weight: 1.7 },
        { header: 'Trước/đúng/ quá hạn', weight: 1.15, align: 'center' },
        { header: 'Ghi chú', weight: 1.7 },
      ],
      d.handOvers.map((h, i) => [
        String(i + 1),
        formatVnDateTime(h.at),
        `Giao: ${h.from}${h.actorName ? ` (${h.actorName})` : ''}\nNhận: ${h.to}`,
        h.action,
        h.result,
        h.note ?? '',
      ]),
      { size: 10, headerSize: 10, condensed: true },
    );
    signatures(
      sheet,
      [
        { title: '', note: '', name: null },
        { title: 'NGƯỜI LẬP PHIẾU', note: '(Ký và ghi rõ họ tên)', name: null },
      ],
      { gapForSignature: 56 },
    );
  },
};

const register: FormTemplate<'register'> = {
  id: 'register',
  version: 1,
  orientation: 'landscape',
  draw(sheet, d: RegisterData) {
    headingBlock(sheet, d.agency, vnDateLine(d.issuedAt, d.place));
    title(
      sheet,
      formTitle('register'),
      `Từ ngày ${isoDateVn(d.from)} đến ngày ${isoDateVn(d.to)} — ${d.rows.length} hồ sơ`,
    );
    table(
      sheet,
      [
        { header: 'STT', weight: 0.45, align: 'center' },
        { header: 'Mã hồ sơ', weight: 2.25 },
        { header: 'Tên thủ tục hành chính', weight: 2.4 },
        { header: 'Tên cá nhân, tổ chức', weight: 1.35 },
        { header: 'Cơ quan chủ trì giải quyết', weight: 1.4 },
        { header: 'Ngày, giờ nhận hồ sơ', weight: 0.95, align: 'center' },
        { header: 'Ngày, giờ hẹn trả kết quả', weight: 0.95, align: 'center' },
        { header: 'Tình trạng', weight: 1.0 },
        { header: 'Trước/đúng/quá hạn', weight: 0.8, align: 'center' },
        { header: 'Ký nhận', weight: 0.75 },
      ],
      d.rows.map((r, i) => [
        String(i + 1),
        r.code,
        r.procedureName,
        r.applicantName,
        r.handlingAgencyName,
        when(r.receivedAt),
        when(r.appointmentAt),
        r.status,
        r.timeliness === null ? '' : TIMELINESS_LABELS[r.timeliness],
        '',
      ]),
      { size: 9, headerSize: 9, condensed: true },
    );
    const count = (t: string) => d.rows.filter((r) => r.timeliness === t).length;
    ensureSpace(sheet, 40);
    paragraph(
      sheet,
      `Tổng số: ${d.rows.length} hồ sơ; đã giải quyết trước hạn ${count('early')}, đúng hạn ${count('on_time')}, quá hạn ${count('late')}.`,
      { size: 11, align: 'left' },
    );
  },
};

function isoDateVn(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

export const FORM_TEMPLATES: { readonly [F in DossierFormId]: FormTemplate<F> } = {
  receipt,
  supplement_request: supplementRequest,
  refusal,
  apology_extension: apologyExtension,
  stop_notice: stopNotice,
  control_sheet: controlSheet,
  register,
};

/** Renders one form to a PDF. Same data, same template version → same bytes. */
export function renderForm<F extends DossierFormId>(formId: F, data: FormDataMap[F]): Promise<Buffer> {
  const template = FORM_TEMPLATES[formId] as FormTemplate<F>;
  const form = DOSSIER_FORMS[formId];
  const code = 'code' in data ? (data as { code: string }).code : null;
  const sheet = openSheet(
    {
      title: `Mẫu số ${form.number} – ${form.name}${code ? ` – ${code}` : ''}`,
      subject: form.name,
      author: data.agency.name,
      keywords: `tinhso-form=${formId}; version=${template.version}${code ? `; dossier=${code}` : ''}`,
      templateId: formId,
      templateVersion: template.version,
      issuedAt: data.issuedAt,
    },
    template.orientation,
  );
  template.draw(sheet, data);
  return finish(sheet, `Mẫu số ${form.number} – Thông tư 03/2025/TT-VPCP · ${formId} v${template.version}`);
}
