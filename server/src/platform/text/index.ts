export { type CsvOptions, type CsvRecord, parseCsv, parseCsvRecords, readCsv, readCsvObjects } from './text.csv.ts';
export { foldDiacritics, slugify } from './text.vietnamese.ts';
