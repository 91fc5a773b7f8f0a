/**
 * Types of a procedure (thủ tục hành chính) re-parsed from a crawl of the National Public Service Portal.
 *
 * Convention: a value the parser could not establish with confidence is `null` and has a matching entry in
 * `flags` (same path in `field`). `Field<T>` keeps the text the value came from so an administrator can compare.
 * A few plain `string | null` properties are optional by nature (an authorised agency, a date not written beside
 * an act number); their JSDoc says what `null` means there.
 */

export type FlagCode =
  /** The portal has nothing for this field (empty, "Không có thông tin"). */
  | 'missing'
  /** There is text but it does not have a shape the parser knows. */
  | 'unparsed'
  /** The text has a shape the parser knows but can be read more than one way. */
  | 'ambiguous'
  /** Two parts of the text contradict each other (table cell vs. its own note, …). */
  | 'conflict'
  /** The value was read, but an administrator must check it before use (tiered fee, council-set amount, …). */
  | 'needs_review';

export interface Flag {
  /** Path of the field in the record, e.g. `channels[0].fees[1].amountVnd` (`.value` segments omitted). */
  field: string;
  /** The text the parser looked at. */
  raw: string;
  /** Why, in Vietnamese, for the administrator who fixes it. */
  reason: string;
  code: FlagCode;
}

/** A parsed value with the text it came from; `value` is null when the text could not be read (then flagged). */
export interface Field<T> {
  raw: string;
  value: T | null;
}

export type DurationUnit = 'working_day' | 'day' | 'working_hour' | 'hour' | 'week' | 'month' | 'year';

/** `{ amount: 0, unit: 'working_day' }` is "trong ngày": the result is due on the day of receipt. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** "Nhận hồ sơ sau 15 giờ thì trả/tính từ ngày làm việc tiếp theo". */
export interface CutoffRule {
  /** 24-hour `HH:MM`. */
  after: string;
  effect: 'next_working_day';
  /** `description`: the channel row of the "Cách thức thực hiện" table; `steps`: "Trình tự thực hiện". */
  source: 'description' | 'steps';
  /** The sentence the rule was read from. */
  raw: string;
}

export interface ProcessingTime extends Field<Duration> {
  /** `table`: the "Thời gian" cell; `description`: a different duration stated in the row's description. */
  source: 'table' | 'description';
  /** `extension`: added time ("kéo dài thêm…"); `alternative`: another limit for some cases. */
  kind: 'standard' | 'alternative' | 'extension';
  /** The text saying when this duration applies; null when it is the only duration of the channel. */
  condition: string | null;
}

/**
 * Law 97/2015/QH13 on fees and charges: "phí" (fee, covers the cost of a service) vs "lệ phí" (charge, a fixed
 * amount for a state management service). They are accounted for differently, so the kind matters for receipts.
 * `unspecified`: the portal's "Phí, lệ phí" column gives an amount without saying which.
 */
export type FeeKind = 'fee' | 'charge' | 'unspecified';

export interface Fee {
  kind: FeeKind;
  /** The "Phí, lệ phí" cell (or the note sentence for fees only described in the note). */
  raw: string;
  /** 0 = free as written; null = unknown (flagged). */
  amountVnd: number | null;
  /** Fees charged abroad (consulates) are in foreign currency and never converted. */
  foreignAmount: { amount: number; currency: string } | null;
  /** Unit of charge as written, e.g. `trang`, `bản`, `giao dịch`; null when the amount is per dossier. */
  per: string | null;
  /** The note in parentheses and the row description, whitespace-normalised. */
  description: string | null;
  /** Exemption sentences as written ("Miễn lệ phí cho người thuộc hộ nghèo…"). */
  exemptions: string[];
  /** The note says the provincial People's Council (HĐND) sets the amount. */
  decidedByProvincialCouncil: boolean;
  /** Only charged on request ("nếu có yêu cầu"), e.g. extra copies. */
  optional: boolean;
}

export type ChannelKind = 'online' | 'in_person' | 'postal';

export interface SubmissionChannel {
  channel: ChannelKind;
  /** The label as written ("Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính"). */
  label: string;
  /** One entry per table row for this channel, plus other durations its description states. */
  processingTimes: ProcessingTime[];
  fees: Fee[];
  cutoffRules: CutoffRule[];
  /** The "Mô tả" text of each table row of this channel. */
  notes: string[];
}

export interface FormTemplate {
  fileName: string;
  /** The crawl keeps file names only; a URL is filled in when a source has one. */
  url: string | null;
}

export type ComponentRequirement = 'required' | 'conditional' | 'alternative';

export interface DossierComponent {
  /** The row as written (name + template + quantity). */
  raw: string;
  /** Name without bullet and template file name. */
  name: string;
  /** `copies` is 0 when the cell omits it: the portal prints "N bản chính" alone when there are no copies. */
  quantity: Field<{ originals: number; copies: number }>;
  requirement: Field<ComponentRequirement>;
  /** Null when no template is attached; `value` null when a file is attached but its name cannot be cut out. */
  template: Field<FormTemplate> | null;
}

export interface DossierGroup {
  /** Heading as written ("* Giấy tờ phải nộp:", "Trường hợp …:"); null when the table has none ("--"). */
  heading: string | null;
  /** `submit`/`present`: "phải nộp"/"phải xuất trình"; `notes`: "Lưu ý"; `case`: a heading starting "Trường hợp". */
  kind: 'submit' | 'present' | 'notes' | 'case' | 'unspecified';
  /** The heading says "một trong (các|những) giấy tờ": the components are alternatives. */
  alternatives: boolean;
  components: DossierComponent[];
  /** Rows with no document count (0 originals, 0 copies): guidance, not documents. */
  notes: string[];
}

export interface ResultDocument {
  name: string;
  /** National result code, e.g. `KQ.G15.000031`; null when the portal gives none. */
  code: string | null;
}

export interface LegalAct {
  raw: string;
  /** Number and notation, e.g. `123/2015/NĐ-CP`; null when digits of the title may be glued to it. */
  number: Field<string>;
  title: Field<string>;
  /** ISO date written right after the act's own number ("… ngày 15/11/2015"); null when not written there. */
  issuedDate: string | null;
}

/**
 * As written on the portal: `legacy` is Nghị định 43/2011 ("mức độ 2/3/4"), `current` is Nghị định 42/2022
 * ("toàn trình" = full, "một phần" = partial).
 */
export type OnlineServiceLevel =
  | { scheme: 'legacy'; level: 2 | 3 | 4 }
  | { scheme: 'current'; scope: 'full' | 'partial' };

export type ImplementingLevel = 'ministry' | 'province' | 'district' | 'commune' | 'other';

export interface ProcedureRecord {
  nationalCode: Field<string>;
  name: Field<string>;
  /** The act that published the procedure (`so_quyet_dinh`), e.g. `163/QĐ-BTP`. */
  decisionNumber: Field<string>;
  /** Procedure type as written ("TTHC được giao luật quy định chi tiết", …). */
  procedureType: Field<string>;
  sector: Field<string>;
  levels: Field<ImplementingLevel[]>;
  subjects: Field<string[]>;
  competentAgency: Field<string>;
  implementingAgency: Field<string>;
  receivingAddress: Field<string>;
  /** Null: none stated (most procedures have no authorised agency). */
  authorisedAgency: string | null;
  /** Null: none stated. */
  coordinatingAgency: string | null;
  /** Null: none stated. */
  relatedProcedures: string | null;
  /** "Trình tự thực hiện", whitespace-normalised, not parsed further. */
  steps: Field<string>;
  channels: Field<SubmissionChannel[]>;
  dossier: Field<DossierGroup[]>;
  /** `[]` when the portal says explicitly there are none ("Không."). */
  conditions: Field<string[]>;
  results: Field<ResultDocument[]>;
  legalBasis: Field<LegalAct[]>;
  onlineService: Field<OnlineServiceLevel>;
  source: { detailUrl: string | null; formalityId: string | null };
  flags: Flag[];
}

/** One crawled JSON file as stored in `data/procedures/*.json`. Unknown keys are ignored. */
export interface CrawledProcedure {
  ma_thu_tuc?: string;
  detail_url?: string;
  formality_id?: string;
  ten_thu_tuc?: string;
  so_quyet_dinh?: string;
  cap_thuc_hien?: string;
  loai_thu_tuc?: string;
  linh_vuc?: string;
  doi_tuong_thuc_hien?: string;
  co_quan_co_tham_quyen?: string;
  dia_chi_tiep_nhan?: string;
  co_quan_duoc_uy_quyen?: string;
  co_quan_phoi_hop?: string;
  thu_tuc_lien_quan?: string;
  trinh_tu_thuc_hien?: string;
  cach_thuc_thuc_hien?: string;
  thanh_phan_ho_so?: string;
  can_cu_phap_ly?: string;
  co_quan_thuc_hien?: string;
  yeu_cau_dieu_kien?: string;
  ket_qua_xu_ly?: string;
  raw_text?: string;
}

/** One row of `national-index.csv`. */
export interface NationalIndexEntry {
  /** Physical line (1-based) where the record starts; names may span several lines. */
  line: number;
  nationalCode: string;
  /** Whitespace-normalised name (some names carry line breaks from the source PDF). */
  name: string;
  nameRaw: string;
  levels: Field<ImplementingLevel[]>;
  sector: string;
  decisionNumber: string;
  /** Null: the column is empty (flagged). */
  procedureType: string | null;
  /** Crawl folder of the ministry, e.g. `bo-tu-phap`. */
  ministryFolder: string;
  detailUrl: string;
  /** Online service classification when the name itself states it ("… trực tuyến toàn trình"). */
  onlineServiceInName: OnlineServiceLevel | null;
  flags: Flag[];
}
