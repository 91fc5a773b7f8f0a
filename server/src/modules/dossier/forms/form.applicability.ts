/**
 * Which forms a dossier has: a form exists only once the action that issues it happened
 * (Thông tư 03/2025/TT-VPCP: the receipt is given on receipt, the supplement request when more
 * documents are asked for, the refusal on refusal, the apology with a new appointment, the stop
 * notice when processing stops), and the control sheet (Mẫu 06) follows a dossier from receipt on.
 * The register (Mẫu 07) belongs to an agency, not to one dossier. Pure.
 */
import { DOSSIER_FORMS, type DossierFormId } from '../domain/index.ts';

export type PerDossierFormId = Exclude<DossierFormId, 'register'>;
export const PER_DOSSIER_FORMS = (Object.keys(DOSSIER_FORMS) as DossierFormId[]).filter(
  (f): f is PerDossierFormId => f !== 'register',
);

export interface ApplicabilityFacts {
  code: string | null;
  receivedAt: string | null;
  /** The `form` of each history entry, in order (null for entries that issued none). */
  issuedForms: readonly (DossierFormId | null)[];
}

export type Applicability = { applies: true } | { applies: false; reason: string };

const ISSUED_BY: Record<Exclude<PerDossierFormId, 'control_sheet'>, string> = {
  receipt: 'Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả.',
  supplement_request: 'Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào.',
  refusal: 'Hồ sơ không bị từ chối tiếp nhận, giải quyết.',
  apology_extension: 'Hồ sơ chưa bị trễ hẹn, chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả.',
  stop_notice: 'Hồ sơ không bị dừng giải quyết.',
};

export function formApplicability(form: PerDossierFormId, facts: ApplicabilityFacts): Applicability {
  if (facts.code === null) return { applies: false, reason: 'Hồ sơ chưa được cấp mã nên chưa có biểu mẫu nào.' };
  if (form === 'control_sheet') {
    return facts.receivedAt !== null
      ? { applies: true }
      : { applies: false, reason: 'Phiếu kiểm soát quá trình giải quyết chỉ có sau khi hồ sơ được tiếp nhận.' };
  }
  return facts.issuedForms.includes(form) ? { applies: true } : { applies: false, reason: ISSUED_BY[form] };
}
