export { parseCsv, parseCsvRecords } from './text.csv.ts';
export { foldDiacritics, slugify } from './text.vietnamese.ts';
