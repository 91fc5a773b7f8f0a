import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findCutoffRules,
  findDurations,
  findLegalActNumbers,
  findVndAmounts,
  formatVietnameseInteger,
  parseDuration,
  parseMoneyAmount,
  parseOnlineServiceLevel,
  parseVietnameseInteger,
  readLeadingDate,
  splitTopLevel,
} from './procedure.values.ts';

const amounts = fc.integer({ min: 0, max: 999_999_999_999 });

describe('parseVietnameseInteger', () => {
  it('reads back any integer written with Vietnamese (.) or portal (,) thousands separators', () => {
    fc.assert(
      fc.property(amounts, fc.constantFrom('.', ',') as fc.Arbitrary<'.' | ','>, (n, sep) => {
        expect(parseVietnameseInteger(formatVietnameseInteger(n, sep))).toBe(n);
        expect(parseVietnameseInteger(String(n))).toBe(n);
      }),
    );
  });

  it('never reads a separator that is not followed by exactly three digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,4}([.,]\d{1,4}){1,3}$/), (s) => {
        const n = parseVietnameseInteger(s);
        if (n !== null) {
          const sep = s.includes('.') ? '.' : ',';
          expect(formatVietnameseInteger(n, sep)).toBe(s);
        }
      }),
    );
    for (const s of ['1.5', '1.0000', '1.000,5', '1,000.000', '0.000', '01.000', '', 'abc', '-5'])
      expect(parseVietnameseInteger(s)).toBeNull();
  });

  it('keeps leading zeros meaningless ("03" = 3)', () => {
    expect(parseVietnameseInteger('03')).toBe(3);
  });
});

describe('parseMoneyAmount', () => {
  it('reads the forms seen on the portal and in notes', () => {
    expect(parseMoneyAmount('8.000 đồng')).toEqual({ amount: 8000, currency: 'VND', per: null });
    expect(parseMoneyAmount('50.000đ')).toEqual({ amount: 50000, currency: 'VND', per: null });
    expect(parseMoneyAmount('1.000.000 VNĐ')).toEqual({ amount: 1_000_000, currency: 'VND', per: null });
    expect(parseMoneyAmount('150,000 Việt Nam Đồng')).toEqual({ amount: 150_000, currency: 'VND', per: null });
    expect(parseMoneyAmount('200.000 đồng/bản')).toEqual({ amount: 200_000, currency: 'VND', per: 'bản' });
    expect(parseMoneyAmount('1,5 triệu đồng')).toEqual({ amount: 1_500_000, currency: 'VND', per: null });
    expect(parseMoneyAmount('10 USD')).toEqual({ amount: 10, currency: 'USD', per: null });
  });

  it('refuses what it cannot read without guessing', () => {
    for (const s of ['1.5 đồng', 'Miễn phí', 'Không có thông tin', '100', 'khoảng 10.000 đồng', '1,2345 triệu đồng']) {
      expect(parseMoneyAmount(s)).toBeNull();
    }
  });

  it('reads any amount in any currency spelling', () => {
    fc.assert(
      fc.property(
        amounts,
        fc.constantFrom('.', ',') as fc.Arbitrary<'.' | ','>,
        fc.constantFrom('đồng', 'đ', 'VNĐ', 'VND', 'Việt Nam Đồng', ' đồng', ' VNĐ'),
        (n, sep, unit) => {
          const text = `${formatVietnameseInteger(n, sep)}${unit.startsWith(' ') ? unit : ` ${unit}`}`;
          expect(parseMoneyAmount(text)?.amount).toBe(n);
        },
      ),
    );
  });
});

describe('findVndAmounts', () => {
  it('finds tiered amounts and their unit of charge in a note', () => {
    const found = findVndAmounts(
      'Tại Ủy ban nhân dân cấp xã: 2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản.',
    );
    expect(found.map((f) => [f.amount, f.per])).toEqual([
      [2000, 'trang'],
      [1000, 'trang'],
      [200_000, 'bản'],
    ]);
  });

  it('finds amounts followed by ordinary words, without a unit of charge', () => {
    expect(findVndAmounts('thu 7.000 đồng mỗi lần đăng ký').map((f) => [f.amount, f.per])).toEqual([[7000, null]]);
  });

  it('does not read dates or act numbers as money', () => {
    expect(findVndAmounts('Thông tư số 64/2025/TT-BTC ngày 30/6/2025; 50% mức thu')).toEqual([]);
  });
});

const UNITS = [
  ['ngày làm việc', 'working_day'],
  ['Ngày làm việc', 'working_day'],
  ['ngày', 'day'],
  ['Ngày', 'day'],
  ['giờ làm việc', 'working_hour'],
  ['giờ', 'hour'],
  ['tháng', 'month'],
  ['tuần', 'week'],
] as const;

describe('parseDuration', () => {
  it('reads "N <unit>" with or without leading zeros and limit words', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.constantFrom(...UNITS),
        fc.boolean(),
        fc.constantFrom('', 'Không quá ', 'Tối đa ', 'Trong thời hạn '),
        (n, [text, unit], pad, prefix) => {
          const number = pad ? String(n).padStart(2, '0') : String(n);
          expect(parseDuration(`${prefix}${number} ${text}`)).toEqual({ amount: n, unit });
        },
      ),
    );
  });

  it('reads the same-day forms as zero days', () => {
    expect(parseDuration('Trong ngày')).toEqual({ amount: 0, unit: 'day' });
    expect(parseDuration('Ngay trong ngày làm việc')).toEqual({ amount: 0, unit: 'working_day' });
    expect(parseDuration('Trong ngày làm việc tiếp nhận hồ sơ')).toEqual({ amount: 0, unit: 'working_day' });
  });

  it('refuses a bare number, a range, or several durations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        expect(parseDuration(String(n))).toBeNull();
      }),
    );
    for (const s of [
      '03 - 05 ngày làm việc',
      'Từ 3 đến 5 ngày',
      'Ngay trong ngày làm việc; trường hợp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo',
      'Không có thông tin',
      '',
    ]) {
      expect(parseDuration(s)).toBeNull();
    }
  });
});

describe('findDurations', () => {
  it('finds limits and same-day statements but not clock times or the next-day consequence', () => {
    const found = findDurations(
      'Cơ quan đăng ký giải quyết trong ngày làm việc nhận được hồ sơ hợp lệ; nếu nhận hồ sơ sau 15 giờ cùng ngày thì hoàn thành trong ngày làm việc tiếp theo. Trường hợp kéo dài thì không quá 03 ngày làm việc (khoản 1 Điều 16 Nghị định số 99/2022/NĐ-CP).',
    );
    expect(found.map((f) => f.duration)).toEqual([
      { amount: 0, unit: 'working_day' },
      { amount: 3, unit: 'working_day' },
    ]);
  });
});

describe('findCutoffRules', () => {
  it('reads any "after HH giờ … next working day" rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.option(fc.integer({ min: 0, max: 59 })), (h, m) => {
        const time = m === null ? `${h} giờ` : `${h} giờ ${String(m).padStart(2, '0')} phút`;
        const rules = findCutoffRules(
          `(i) Hồ sơ hợp lệ thì tiếp nhận; nếu tiếp nhận hồ sơ sau ${time} thì trả kết quả trong ngày làm việc tiếp theo.`,
          'steps',
        );
        expect(rules.map((r) => r.after)).toEqual([`${String(h).padStart(2, '0')}:${String(m ?? 0).padStart(2, '0')}`]);
      }),
    );
  });

  it('needs both the receipt and the next working day in the same clause', () => {
    expect(findCutoffRules('Làm việc đến sau 17 giờ.', 'description')).toEqual([]);
    expect(findCutoffRules('Nhận hồ sơ sau 15 giờ thì xử lý. Trả trong ngày làm việc tiếp theo.', 'steps')).toEqual([]);
    expect(findCutoffRules('nhận hồ sơ sau 25 giờ thì trả trong ngày làm việc tiếp theo', 'steps')).toEqual([]);
  });
});

describe('findLegalActNumbers', () => {
  it('separates numbers glued together by the flattened table', () => {
    const numbers = (s: string) => findLegalActNumbers(s).map((n) => n.number);
    expect(numbers('Luật 60/2014/QH1360/2014/QH13')).toEqual(['60/2014/QH13', '60/2014/QH13']);
    expect(numbers('Thông tư 226/2016/TT-BTC226/2016/TT-BTCThông tư khác')).toEqual([
      '226/2016/TT-BTC',
      '226/2016/TT-BTC',
    ]);
    expect(numbers('Thông tư 09b/2013/TT-BTP09b/2013/TT-BTP')).toEqual(['09b/2013/TT-BTP', '09b/2013/TT-BTP']);
    expect(numbers('Thông tư 56/2021/TT-BCA56/2021/TT-BCASỬA ĐỔI')).toEqual(['56/2021/TT-BCA', '56/2021/TT-BCA']);
    expect(numbers('Thông tư số 53/2025/TT-BCAngày 01/7/2025')).toEqual(['53/2025/TT-BCA']);
    expect(numbers('Luật Cư trú 202068/2020/QH14')).toEqual(['68/2020/QH14']);
    // The year glued in front is not the act's own year: left as found, for the caller to flag.
    expect(numbers('Luật Doanh nghiệp 202076/2025/QH15')).toEqual(['202076/2025/QH15']);
    expect(numbers('QĐ 9354/2019/QĐ-BCA-C06, TTLT 05/2015/TTLT-BTP-BCA-BYT, NQ 66.7/2025/NQ-CP')).toEqual([
      '9354/2019/QĐ-BCA-C06',
      '05/2015/TTLT-BTP-BCA-BYT',
      '66.7/2025/NQ-CP',
    ]);
  });

  it('finds any well-formed number twice when it is written twice back to back', () => {
    const act = fc
      .tuple(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1990, max: 2030 }),
        fc.constantFrom('TT-BTC', 'NĐ-CP', 'QH15', 'TTLT-BTP-BCA', 'QĐ-UBND', 'NQ-HĐND'),
      )
      .map(([n, y, t]) => `${n}/${y}/${t}`);
    fc.assert(
      fc.property(act, (code) => {
        expect(findLegalActNumbers(`Văn bản ${code}${code}`).map((n) => n.number)).toEqual([code, code]);
      }),
    );
  });
});

describe('readLeadingDate', () => {
  it('reads both date forms and refuses impossible dates', () => {
    expect(readLeadingDate(' ngày 15/11/2015 của Chính phủ')).toBe('2015-11-15');
    expect(readLeadingDate('ngày 30 tháng 6 năm 2025')).toBe('2025-06-30');
    expect(readLeadingDate('ngày 31/02/2025')).toBeNull();
    expect(readLeadingDate('của Chính phủ ngày 15/11/2015')).toBeNull();
  });
});

describe('parseOnlineServiceLevel', () => {
  it('reads the classification only when tied to an online service', () => {
    expect(
      parseOnlineServiceLevel('Đăng ký xe tạm thời thực hiện bằng dịch vụ công trực tuyến toàn trình').value,
    ).toEqual({
      scheme: 'current',
      scope: 'full',
    });
    expect(parseOnlineServiceLevel('bằng dịch vụ công một phần hoặc trực tiếp').value).toEqual({
      scheme: 'current',
      scope: 'partial',
    });
    expect(parseOnlineServiceLevel('Dịch vụ công trực tuyến mức độ 4').value).toEqual({ scheme: 'legacy', level: 4 });
    expect(parseOnlineServiceLevel('DVC mức độ 3').value).toEqual({ scheme: 'legacy', level: 3 });
    expect(parseOnlineServiceLevel('Cấp tài khoản định danh điện tử mức độ 02').value).toBeNull();
    expect(parseOnlineServiceLevel('Thế chấp một phần tài sản').value).toBeNull();
    expect(parseOnlineServiceLevel('trực tuyến toàn trình; trực tuyến một phần').value).toBeNull();
  });
});

describe('splitTopLevel', () => {
  it('does not split inside parentheses', () => {
    expect(splitTopLevel('Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam', ',')).toEqual([
      'Tổ chức (không bao gồm doanh nghiệp, HTX)',
      'Công dân Việt Nam',
    ]);
  });
});
