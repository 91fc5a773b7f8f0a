import { describe, expect, it } from 'vitest';
import type { EFormField, EFormSchema } from './eform.types.ts';
import { fieldProblem, isEmail, isIsoDate, isTel, validateFormData } from './eform.validate.ts';
import { BIRTH_REGISTRATION } from './forms/birth-registration.ts';

const TODAY = '2026-03-16';
const schema = BIRTH_REGISTRATION.schema;
const full = (data: unknown) => validateFormData(schema, data, { mode: 'full', today: TODAY });
const partial = (data: unknown) => validateFormData(schema, data, { mode: 'partial', today: TODAY });

const complete = () => ({
  requester: {
    fullName: 'Nguyễn Văn Dân',
    idNumber: '092090001111',
    residence: '12 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ',
    relationship: 'cha',
  },
  child: {
    fullName: 'Nguyễn Gia Bảo',
    dateOfBirth: '2026-03-01',
    sex: 'nam',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    placeOfBirth: 'Bệnh viện Phụ sản thành phố Cần Thơ',
  },
  mother: {
    fullName: 'Trần Thị Lan',
    yearOfBirth: 1995,
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence: '12 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ',
  },
});

describe('validateFormData on the birth registration form (Thông tư 04/2020/TT-BTP)', () => {
  it('accepts a complete declaration, and any part of it as a draft', () => {
    expect(full(complete())).toEqual([]);
    expect(partial({})).toEqual([]);
    expect(partial({ child: { fullName: 'Nguyễn Gia Bảo' } })).toEqual([]);
  });

  it('names the label of a missing required field, at its pointer', () => {
    const data = complete();
    delete (data.child as Record<string, unknown>)['fullName'];
    expect(full(data)).toEqual([
      { field: '/formData/child/fullName', message: 'Họ, chữ đệm và tên của trẻ: bắt buộc nhập.' },
    ]);
  });

  it('a blank string is not filled in: required in full mode, ignored in a draft', () => {
    const data = complete();
    data.child.fullName = '   ';
    expect(full(data)).toEqual([
      { field: '/formData/child/fullName', message: 'Họ, chữ đệm và tên của trẻ: bắt buộc nhập.' },
    ]);
    expect(partial(data)).toEqual([]);
  });

  it('a choice left empty is "bắt buộc chọn"', () => {
    const data = complete();
    delete (data.child as Record<string, unknown>)['sex'];
    expect(full(data)).toEqual([{ field: '/formData/child/sex', message: 'Giới tính: bắt buộc chọn.' }]);
  });

  it('dates must be real calendar days, not in the future', () => {
    for (const bad of ['2026-02-30', '16/03/2026', '2026-3-1', '2026-13-01']) {
      const data = complete();
      data.child.dateOfBirth = bad;
      expect(full(data)).toEqual([
        { field: '/formData/child/dateOfBirth', message: 'Ngày sinh: phải là ngày hợp lệ dạng YYYY-MM-DD.' },
      ]);
    }
    const data = complete();
    data.child.dateOfBirth = '2026-03-17';
    expect(full(data)).toEqual([
      { field: '/formData/child/dateOfBirth', message: 'Ngày sinh: không được sau ngày hôm nay.' },
    ]);
    data.child.dateOfBirth = TODAY;
    expect(full(data)).toEqual([]);
  });

  it('a year of birth is an integer between 1900 and this year', () => {
    const cases: [unknown, string][] = [
      [1995.5, 'Năm sinh của người mẹ: phải là số nguyên.'],
      ['1995', 'Năm sinh của người mẹ: phải là số nguyên.'],
      [1899, 'Năm sinh của người mẹ: không được nhỏ hơn 1900.'],
      [2027, 'Năm sinh của người mẹ: không được sau năm nay.'],
    ];
    for (const [value, message] of cases) {
      const data = complete() as { mother: Record<string, unknown> };
      data.mother['yearOfBirth'] = value;
      expect(partial(data)).toEqual([{ field: '/formData/mother/yearOfBirth', message }]);
    }
  });

  it('checks types, patterns and choices of what is filled in, also in a draft', () => {
    expect(
      partial({
        requester: { idNumber: '09209000111', relationship: 'hang_xom' },
        child: { fullName: 42, sex: 'Nam' },
      }),
    ).toEqual([
      {
        field: '/formData/requester/idNumber',
        message: 'Số định danh cá nhân của người yêu cầu: phải gồm đúng 12 chữ số.',
      },
      {
        field: '/formData/requester/relationship',
        message:
          'Quan hệ với người được khai sinh: phải chọn một trong các giá trị: Cha, Mẹ, Ông, Bà, Người thân thích khác, Cá nhân, tổ chức đang nuôi dưỡng trẻ em.',
      },
      { field: '/formData/child/fullName', message: 'Họ, chữ đệm và tên của trẻ: phải là chuỗi ký tự.' },
      { field: '/formData/child/sex', message: 'Giới tính: phải chọn một trong các giá trị: Nam, Nữ.' },
    ]);
  });

  it('lengths count characters without surrounding spaces, and code points (not UTF-16 units)', () => {
    expect(partial({ child: { fullName: ' A ' } })).toEqual([
      { field: '/formData/child/fullName', message: 'Họ, chữ đệm và tên của trẻ: phải có ít nhất 2 ký tự.' },
    ]);
    // 100 characters, some outside the Basic Multilingual Plane: still 100.
    expect(partial({ child: { fullName: '𝒜'.repeat(50) + 'Ệ'.repeat(50) } })).toEqual([]);
    expect(partial({ child: { fullName: 'Ệ'.repeat(101) } })).toEqual([
      { field: '/formData/child/fullName', message: 'Họ, chữ đệm và tên của trẻ: không được dài quá 100 ký tự.' },
    ]);
  });

  it('refuses parts and fields the form does not have (with escaped pointers)', () => {
    expect(partial({ child: { nickname: 'Bin' }, 'a/b~c': {} })).toEqual([
      {
        field: '/formData/child/nickname',
        message: 'Phần «Người được khai sinh» của tờ khai không có mục «nickname».',
      },
      { field: '/formData/a~1b~0c', message: 'Tờ khai không có phần «a/b~c».' },
    ]);
  });

  it('refuses a part that is not an object, and form data that is not an object', () => {
    expect(partial({ child: 'Nguyễn Gia Bảo' })).toEqual([
      { field: '/formData/child', message: 'Người được khai sinh: phải là một nhóm thông tin (đối tượng JSON).' },
    ]);
    expect(partial([1, 2])).toEqual([
      { field: '/formData', message: 'Tờ khai phải là một đối tượng JSON gồm các phần của tờ khai.' },
    ]);
    expect(partial(null)).toHaveLength(1);
  });

  it('a required part never opened reports its required fields; an optional part may be absent', () => {
    const data = complete() as Record<string, unknown>;
    delete data['mother'];
    expect(full(data).map((e) => e.field)).toEqual([
      '/formData/mother/fullName',
      '/formData/mother/yearOfBirth',
      '/formData/mother/ethnicity',
      '/formData/mother/nationality',
      '/formData/mother/residence',
    ]);
    expect('father' in data).toBe(false);
  });

  it('null is not "not filled in": it has the wrong type', () => {
    const data = complete() as { child: Record<string, unknown> };
    data.child['hometown'] = null;
    expect(full(data)).toEqual([{ field: '/formData/child/hometown', message: 'Quê quán: phải là chuỗi ký tự.' }]);
  });

  it('reports under another pointer when asked', () => {
    expect(
      validateFormData(schema, { child: { sex: 'x' } }, { mode: 'partial', today: TODAY, pointer: '/body/formData' }),
    ).toEqual([{ field: '/body/formData/child/sex', message: 'Giới tính: phải chọn một trong các giá trị: Nam, Nữ.' }]);
  });
});

describe('fieldProblem: formats and bounds', () => {
  const f = (extra: Partial<EFormField>): EFormField => ({ type: 'string', title: 'Trường', ...extra });

  it('email and tel', () => {
    expect(fieldProblem(f({ format: 'email' }), 'dan@example.vn', TODAY)).toBeNull();
    expect(fieldProblem(f({ format: 'email' }), 'dan@example', TODAY)).toBe(
      'Trường: phải là địa chỉ thư điện tử hợp lệ (ví dụ ten@example.com).',
    );
    expect(fieldProblem(f({ format: 'tel' }), '0912 345 678', TODAY)).toBeNull();
    expect(fieldProblem(f({ format: 'tel' }), '+84912345678', TODAY)).toBeNull();
    expect(fieldProblem(f({ format: 'tel' }), '12345', TODAY)).toBe(
      'Trường: phải là số điện thoại hợp lệ (ví dụ 0912345678).',
    );
  });

  it('numbers: finite, within bounds; booleans are booleans', () => {
    const n: EFormField = { type: 'number', title: 'Diện tích (m²)', minimum: 0, maximum: 10 };
    expect(fieldProblem(n, 2.5, TODAY)).toBeNull();
    expect(fieldProblem(n, -1, TODAY)).toBe('Diện tích (m²): không được nhỏ hơn 0.');
    expect(fieldProblem(n, 11, TODAY)).toBe('Diện tích (m²): không được lớn hơn 10.');
    expect(fieldProblem(n, '2', TODAY)).toBe('Diện tích (m²): phải là số.');
    expect(fieldProblem({ type: 'boolean', title: 'Cam đoan' }, 'có', TODAY)).toBe('Cam đoan: phải là Có hoặc Không.');
    expect(fieldProblem({ type: 'boolean', title: 'Cam đoan' }, false, TODAY)).toBeNull();
  });

  it('a long list of choices is not spelled out', () => {
    const many: EFormField = {
      type: 'integer',
      title: 'Mục',
      oneOf: Array.from({ length: 8 }, (_, i) => ({ const: i, title: `Mục ${i}` })),
    };
    expect(fieldProblem(many, 9, TODAY)).toBe('Mục: phải chọn một giá trị trong danh sách.');
  });

  it('a pattern without its own message gets a generic one', () => {
    expect(fieldProblem(f({ pattern: '^[A-Z]+$' }), 'abc', TODAY)).toBe('Trường: không đúng định dạng.');
  });

  it('helpers', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isEmail('a@b.c')).toBe(true);
    expect(isTel('0292.3812.345')).toBe(true);
  });
});

describe('required at group level only binds a group that is present', () => {
  const s: EFormSchema = {
    type: 'object',
    properties: {
      a: { type: 'object', title: 'A', properties: { x: { type: 'string', title: 'X' } }, required: ['x'] },
      b: { type: 'object', title: 'B', properties: { y: { type: 'boolean', title: 'Y' } } },
    },
    required: ['b'],
  };
  it('absent optional group: fine; present: its required fields apply; empty required group: named', () => {
    const v = (d: unknown) => validateFormData(s, d, { mode: 'full', today: TODAY });
    expect(v({ b: { y: true } })).toEqual([]);
    expect(v({ a: {}, b: { y: false } })).toEqual([{ field: '/formData/a/x', message: 'X: bắt buộc nhập.' }]);
    expect(v({})).toEqual([{ field: '/formData/b', message: 'B: bắt buộc nhập.' }]);
  });
});
