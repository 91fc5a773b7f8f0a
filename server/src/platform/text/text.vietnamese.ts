/** Vietnamese text helpers shared by search, codes and importers. */

/** Removes diacritics and maps đ/Đ to d/D: "Đăng ký khai sinh" → "Dang ky khai sinh". */
export function foldDiacritics(s: string): string {
  return (
    s
      .normalize('NFD')
      // Every combining mark (tone and vowel marks, and stray ones pasted from PDFs).
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      // Characters without an ASCII base stay, recomposed, so distinct names stay distinct.
      .normalize('NFC')
  );
}

/** A stable lowercase ASCII slug: "Quyết định (cá biệt)" → "quyet-dinh-ca-biet". */
export function slugify(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
