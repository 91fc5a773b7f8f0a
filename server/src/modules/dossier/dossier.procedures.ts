/**
 * What the dossier module reads from a procedure of the catalogue (crawled national data): the
 * dossier components and which of them must be submitted, the fees of a channel, and the e-form
 * JSON Schema when the procedure has one. Pure functions over the catalogue's record.
 */
import type { FieldError } from '../../platform/errors/index.ts';

export interface ComponentSpec {
  /** Position in the procedure's component list (the `:index` of the upload route). */
  index: number;
  name: string;
  required: boolean;
  group: string | null;
}

export interface FeeSpec {
  kind: string;
  description: string;
  amountVnd: number;
}

type Loose = Record<string, any>;

/**
 * The components of the procedure, in order. Only a component the portal lists under "Giấy tờ
 * phải nộp" (a `submit` group) with requirement `required`, outside a group of alternatives, is
 * required: the crawled tables also mark as "required" documents that are required only in one
 * case ("Trường hợp …" groups), documents to show at the counter ("phải xuất trình"), and both
 * the paper and the electronic variant of a form, and enforcing those would refuse valid dossiers.
 */
export function componentSpecs(record: Loose | null | undefined): ComponentSpec[] {
  const groups: Loose[] = record?.dossier?.value ?? [];
  const out: ComponentSpec[] = [];
  for (const g of groups) {
    for (const c of (g.components ?? []) as Loose[]) {
      out.push({
        index: out.length,
        name: String(c.name ?? c.raw ?? `Thành phần ${out.length + 1}`),
        required: g.kind === 'submit' && !g.alternatives && c.requirement?.value === 'required',
        group: typeof g.heading === 'string' ? g.heading : null,
      });
    }
  }
  return out;
}

/**
 * Fees of a channel with a definite amount in VND (Luật Phí và lệ phí 97/2015/QH13): unknown
 * amounts (set by the provincial council, flagged by the import), optional ones ("nếu có yêu
 * cầu") and amounts in foreign currency are not charged automatically.
 */
export function feeSpecs(record: Loose | null | undefined, channel: string): FeeSpec[] {
  const channels: Loose[] = record?.channels?.value ?? [];
  const ch = channels.find((c) => c.channel === channel) ?? channels[0];
  if (!ch) return [];
  return ((ch.fees ?? []) as Loose[])
    .filter((f) => typeof f.amountVnd === 'number' && f.amountVnd > 0 && !f.optional && !f.foreignAmount)
    .map((f) => ({
      kind: String(f.kind ?? 'unspecified'),
      description: String(f.description ?? f.raw ?? 'Phí, lệ phí'),
      amountVnd: f.amountVnd as number,
    }));
}

/** The procedure's e-form JSON Schema, if the catalogue record carries one (`eformSchema`). */
export function eformSchemaOf(record: Loose | null | undefined): object | null {
  const s = record?.eformSchema;
  return s !== null && typeof s === 'object' ? (s as object) : null;
}

/**
 * The applicant part every dossier has, whatever the procedure: who asks (name), how to reach
 * them and how to look the dossier up (phone, identity number: the public lookup's second
 * factor). Used as the whole form when the procedure has no e-form.
 */
export function validateApplicant(a: Loose | undefined, prefix = '/body/applicant'): FieldError[] {
  const errors: FieldError[] = [];
  if (a === undefined) return [{ field: prefix, message: 'Thiếu thông tin người nộp hồ sơ.' }];
  if (typeof a.name !== 'string' || a.name.trim().length < 2) {
    errors.push({ field: `${prefix}/name`, message: 'Họ tên người nộp phải có ít nhất 2 ký tự.' });
  }
  if (a.idNumber !== undefined && !/^(\d{9}|\d{12}|\d{10}(-\d{3})?)$/.test(String(a.idNumber))) {
    errors.push({
      field: `${prefix}/idNumber`,
      message: 'Số định danh cá nhân gồm 12 chữ số (CMND cũ 9 chữ số; mã số thuế tổ chức 10 hoặc 13 chữ số).',
    });
  }
  if (a.phone !== undefined && !/^(\+84|0)\d{9,10}$/.test(String(a.phone).replace(/[\s.]/g, ''))) {
    errors.push({ field: `${prefix}/phone`, message: 'Số điện thoại không hợp lệ (ví dụ 0912345678).' });
  }
  if (a.idNumber === undefined && a.phone === undefined) {
    errors.push({
      field: `${prefix}/phone`,
      message: 'Cần ít nhất số điện thoại hoặc số định danh để tra cứu hồ sơ.',
    });
  }
  return errors;
}
