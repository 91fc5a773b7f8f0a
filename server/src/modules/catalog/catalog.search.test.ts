import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldDiacritics } from '../../platform/text/index.ts';
import { SearchIndex, searchTokens } from './catalog.search.ts';

const names = [
  'Thủ tục đăng ký khai sinh',
  'Thủ tục đăng ký khai sinh có yếu tố nước ngoài',
  'Thủ tục đăng ký kết hôn',
  'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
  'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
  'Đăng ký thường trú',
  'Cấp lại giấy phép lái xe',
];
const index = new SearchIndex(names, (n) => n);
const first = (q: string) => index.search(q)[0]?.item;

describe('SearchIndex', () => {
  it('folds diacritics, case and the i/y spelling after a consonant', () => {
    expect(searchTokens('Đăng KÍ lý lịch, Quy trình')).toEqual(['dang', 'ki', 'li', 'lich', 'quy', 'trinh']);
  });

  it('ranks the exact procedure above longer names that contain it', () => {
    expect(first('dang ky khai sinh')).toBe(names[0]);
    expect(first('khai sinh nuoc ngoai')).toBe(names[1]);
  });

  it('tolerates typos and a word being typed', () => {
    expect(first('dang ki khai sin')).toBe(names[0]);
    expect(first('ly lich tu phapp')).toBe(names[3]);
    expect(first('giay phep xay d')).toBe(names[4]);
  });

  it('finds nothing for words it does not hold', () => {
    expect(index.search('hộ chiếu phổ thông')).toEqual([]);
    expect(index.search('  ,, ')).toEqual([]);
  });

  it('gives the same results with or without diacritics, and scores in (0, 1], best first', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 4 }), (name, n) => {
        const q = name.split(' ').slice(-n).join(' ');
        const a = index.search(q);
        const b = index.search(foldDiacritics(q).toUpperCase());
        expect(b).toEqual(a);
        expect(a.map((h) => h.item)).toContain(name);
        expect(a.every((h, i) => h.score > 0 && h.score <= 1 && (i === 0 || a[i - 1]!.score >= h.score))).toBe(true);
      }),
    );
  });

  it('applies a filter', () => {
    expect(index.search('dang ky', (n) => n.includes('thường trú')).map((h) => h.item)).toEqual([names[5]]);
  });
});
