/**
 * The facts printed on each one-stop form (Thông tư 03/2025/TT-VPCP, Mẫu 01–07). The renderer
 * reads only these plain values: the route gathers them from the dossier the caller may see, so a
 * template never queries anything and the same data always gives the same document.
 */
import type { Timeliness } from '../../../platform/calendar/index.ts';

export interface FormAgency {
  /** Full name, e.g. "Trung tâm Phục vụ hành chính công phường Ninh Kiều". */
  name: string;
  /** The superior agency printed above it in the heading block (may be absent). */
  parentName: string | null;
  address: string | null;
  phone: string | null;
}

export interface FormApplicant {
  name: string;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface FormComponent {
  name: string;
  /** Counts from the procedure's component table ("1 bản chính, 1 bản sao"); null when unknown. */
  originals: number | null;
  copies: number | null;
  /** How it was received: on paper at the counter or as an electronic file. */
  medium: 'paper' | 'electronic';
}

/** What every per-dossier form prints. */
export interface DossierFormBase {
  code: string;
  /** The agency issuing the form (the receiving desk). */
  agency: FormAgency;
  /** Place name for the date line ("Ninh Kiều, ngày …"); null prints the date alone. */
  place: string | null;
  /** Date of the form (the instant of the action that issued it). */
  issuedAt: Date;
  procedureCode: string;
  procedureName: string;
  applicant: FormApplicant;
  receivedAt: Date | null;
  appointmentAt: Date | null;
}

export interface ReceiptData extends DossierFormBase {
  receivedAt: Date;
  appointmentAt: Date;
  components: FormComponent[];
  /** "5 ngày làm việc". */
  processingTime: string;
  /** Where the applicant collects the result. */
  returnPlace: string;
  receiverName: string | null;
  /** The public lookup address encoded in the QR code. */
  lookupUrl: string;
}

export interface SupplementRequestData extends DossierFormBase {
  /** What must be completed: the officer's reason and comment, one item a line. */
  items: string[];
  officerName: string | null;
}

export interface RefusalData extends DossierFormBase {
  reason: string;
  officerName: string | null;
}

export interface ApologyExtensionData extends DossierFormBase {
  previousAppointmentAt: Date;
  newAppointmentAt: Date;
  reason: string;
  /** The agency late in handling it (apologises and signs). */
  handlingAgencyName: string;
}

export interface StopNoticeData extends DossierFormBase {
  reason: string;
  officerName: string | null;
}

export interface HandOver {
  at: Date;
  /** "Tiếp nhận hồ sơ (Bộ phận Một cửa)". */
  from: string;
  to: string;
  actorName: string | null;
  action: string;
  /** Trước hạn / Đúng hạn / Quá hạn, or empty. */
  result: string;
  note: string | null;
}

export interface ControlSheetData extends DossierFormBase {
  handlingAgencyName: string;
  dueAt: Date | null;
  handOvers: HandOver[];
}

export interface RegisterRow {
  code: string;
  procedureName: string;
  applicantName: string;
  handlingAgencyName: string;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  status: string;
  timeliness: Timeliness | null;
}

export interface RegisterData {
  agency: FormAgency;
  place: string | null;
  issuedAt: Date;
  /** Inclusive calendar dates (YYYY-MM-DD, Vietnam time). */
  from: string;
  to: string;
  rows: RegisterRow[];
}

export interface FormDataMap {
  receipt: ReceiptData;
  supplement_request: SupplementRequestData;
  refusal: RefusalData;
  apology_extension: ApologyExtensionData;
  stop_notice: StopNoticeData;
  control_sheet: ControlSheetData;
  register: RegisterData;
}
