/**
 * Field builders shared by the demo e-forms: the same kinds of entries recur on every paper form
 * (a full name, a personal identification number, a date of birth, an ethnicity…). Each takes the
 * label printed on the form it is used in, since messages name the field by that label.
 */
import type { EFormChoice, EFormField, EFormGroup, EFormPrefill } from '../eform.types.ts';

type Extra = Partial<Omit<EFormField, 'type' | 'title'>>;

export function text(title: string, maxLength: number, extra: Extra = {}): EFormField {
  return { type: 'string', title, maxLength, ...extra };
}

/** A person's full name as on the identity card ("Họ, chữ đệm và tên"). */
export function fullName(title: string, prefill?: EFormPrefill): EFormField {
  return {
    type: 'string',
    title,
    minLength: 2,
    maxLength: 100,
    ...(prefill ? { 'x-prefill': prefill } : {}),
  };
}

/**
 * The 12-digit personal identification number (số định danh cá nhân, Luật Căn cước 26/2023/QH15):
 * the 9-digit identity cards (CMND) stopped being valid on 31/12/2024, so it is the only number asked.
 */
export function idNumber(title: string, prefill?: EFormPrefill): EFormField {
  return {
    type: 'string',
    title,
    pattern: '^[0-9]{12}$',
    'x-patternMessage': 'phải gồm đúng 12 chữ số',
    ...(prefill ? { 'x-prefill': prefill } : {}),
  };
}

export function date(title: string, options: { past?: boolean; prefill?: EFormPrefill; description?: string } = {}) {
  const f: EFormField = { type: 'string', title, format: 'date' };
  if (options.past) f['x-notAfterToday'] = true;
  if (options.prefill) f['x-prefill'] = options.prefill;
  if (options.description) f.description = options.description;
  return f;
}

/** A year of birth (parents on civil-status forms: "Năm sinh"). */
export function yearOfBirth(title: string): EFormField {
  return { type: 'integer', title, minimum: 1900, 'x-notAfterToday': true };
}

export const SEX_CHOICES: EFormChoice[] = [
  { const: 'nam', title: 'Nam' },
  { const: 'nu', title: 'Nữ' },
];

export function sex(title = 'Giới tính'): EFormField {
  return { type: 'string', title, oneOf: SEX_CHOICES };
}

export function ethnicity(title: string): EFormField {
  return text(title, 50, { description: 'Ghi theo danh mục các dân tộc Việt Nam, ví dụ: Kinh, Khmer, Hoa.' });
}

export function nationality(title: string): EFormField {
  return text(title, 50, { description: 'Ví dụ: Việt Nam.' });
}

export function address(title: string, prefill?: EFormPrefill): EFormField {
  return text(title, 300, {
    minLength: 5,
    description: 'Ghi rõ số nhà, đường/thôn/ấp, xã/phường, tỉnh/thành phố.',
    ...(prefill ? { 'x-prefill': prefill } : {}),
  });
}

export function tel(title: string, prefill?: EFormPrefill): EFormField {
  return { type: 'string', title, format: 'tel', maxLength: 20, ...(prefill ? { 'x-prefill': prefill } : {}) };
}

export function email(title: string, prefill?: EFormPrefill): EFormField {
  return { type: 'string', title, format: 'email', maxLength: 254, ...(prefill ? { 'x-prefill': prefill } : {}) };
}

export function group(
  title: string,
  properties: Record<string, EFormField>,
  required: string[],
  description?: string,
): EFormGroup {
  return {
    type: 'object',
    title,
    ...(description ? { description } : {}),
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}
