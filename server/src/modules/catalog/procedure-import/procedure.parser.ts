/**
 * Turns one procedure crawled from the National Public Service Portal into a typed, normalised record.
 *
 * The crawl flattened the portal's tables to text ("Trực tuyến3 Ngày làm việc5,000 Việt Nam Đồng(…)…"), so
 * rows are found again from the shapes of their last or first cell. Whatever cannot be read with confidence is
 * left null and explained in `flags` for an administrator; nothing is filled in from outside knowledge.
 */
import type {
  ChannelKind,
  ComponentRequirement,
  CrawledProcedure,
  DossierComponent,
  DossierGroup,
  Fee,
  FeeKind,
  Field,
  Flag,
  FlagCode,
  FormTemplate,
  LegalAct,
  ProcedureRecord,
  ProcessingTime,
  ResultDocument,
  SubmissionChannel,
} from './procedure.types.ts';
import {
  describeDuration,
  findCutoffRules,
  findDurations,
  findLegalActNumbers,
  findVndAmounts,
  formatVietnameseInteger,
  isNoInformation,
  matchingParen,
  normaliseBlock,
  normaliseInline,
  parseDuration,
  parseImplementingLevels,
  parseMoneyAmount,
  parseOnlineServiceLevel,
  readLeadingDate,
  sameDuration,
  splitTopLevel,
} from './procedure.values.ts';

const NO_INFO = 'Cổng DVCQG không có thông tin cho mục này';

class Flags {
  readonly list: Flag[] = [];
  add(field: string, raw: string, code: FlagCode, reason: string): void {
    this.list.push({ field, raw, code, reason });
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** NFC, invisible marks removed, whitespace collapsed per line, line breaks kept. */
function clean(text: string): string {
  return normaliseBlock(text);
}

/** A free-text field as written; empty or "Không có thông tin" → null and flagged. */
function textField(flags: Flags, path: string, raw: string, reason = NO_INFO): Field<string> {
  if (isNoInformation(raw)) {
    flags.add(path, raw, 'missing', reason);
    return { raw, value: null };
  }
  return { raw, value: normaliseInline(raw) };
}

function optionalText(raw: string): string | null {
  return isNoInformation(raw) ? null : normaliseInline(raw);
}

// ---------------------------------------------------------------------------------------------------------------
// "Cách thức thực hiện": Hình thức nộp | Thời gian | Phí, lệ phí | Mô tả
// ---------------------------------------------------------------------------------------------------------------

const CHANNEL_HEADER = 'Hình thức nộpThời gianPhí, lệ phíMô tả';
const CHANNEL_LABELS: Record<string, ChannelKind> = {
  'Trực tuyến': 'online',
  'Trực tiếp': 'in_person',
  'Dịch vụ bưu chính': 'postal',
};
// A row starts with a channel label glued to the time cell (a digit, "Trong ngày" or "Không có thông tin"); the
// same labels in descriptions ("- Trực tiếp tại trụ sở…") are followed by a space.
const ROW_START = /(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=Không có thông tin|\d|(?:Ngay t|T)rong ngày)/gu;
const TIME_CELL =
  /^(?:Không có thông tin|(?:Ngay t|T)rong ngày(?: làm việc)?|\d+(?: (?:Ngày làm việc|Giờ làm việc|Ngày|Giờ|Tuần|Tháng|Năm))?)/iu;
const FEE_CELL = /^(?:Miễn phí|Không có thông tin|\d[\d.,]*\s*(?:Việt Nam Đồng|VNĐ|VND|đồng|USD|EUR))/iu;

interface ChannelRow {
  label: string;
  channel: ChannelKind;
  time: string;
  fee: string;
  /** Text in the parentheses right after the fee cell (the portal's fee note), without the parentheses. */
  feeNote: string;
  description: string;
  /** Set when the cells could not be cut apart. */
  broken: string | null;
}

function splitChannelRows(body: string): ChannelRow[] {
  const starts = [...body.matchAll(ROW_START)];
  const rows: ChannelRow[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const label = start[1]!;
    const rowEnd = i + 1 < starts.length ? starts[i + 1]!.index : body.length;
    let rest = body.slice(start.index + label.length, rowEnd);
    const row: ChannelRow = {
      label,
      channel: CHANNEL_LABELS[label]!,
      time: '',
      fee: '',
      feeNote: '',
      description: '',
      broken: null,
    };
    const time = TIME_CELL.exec(rest)![0];
    rest = rest.slice(time.length);
    row.time = time;
    // A time without unit glued to an amount ("1150,000 VNĐ") cannot be cut apart.
    if (/^\d+$/.test(time) && /^[\d.,]/.test(rest)) {
      row.broken = label + time + rest;
      rows.push(row);
      continue;
    }
    const fee = FEE_CELL.exec(rest);
    if (!fee) {
      row.broken = label + time + rest;
      rows.push(row);
      continue;
    }
    row.fee = fee[0];
    rest = rest.slice(fee[0].length);
    if (rest.startsWith('(')) {
      const close = matchingParen(rest, 0);
      if (close > 0) {
        let note = rest.slice(1, close);
        // Some notes are doubled: "((…))".
        while (note.startsWith('(') && matchingParen(note, 0) === note.length - 1) note = note.slice(1, -1);
        row.feeNote = note;
        rest = rest.slice(close + 1);
      }
    }
    row.description = rest;
    rows.push(row);
  }
  return rows;
}

/** Sentences of a fee note; ";" is kept inside sentences because exemption lists use it. */
function feeSentences(text: string): string[] {
  return text
    .split(/(?<=\.)\s+|\n+|(?:^|\s)-\s+(?=\p{Lu})/u)
    .map((s) => s.replace(/^[-+]\s*/, '').trim())
    .filter((s) => s !== '');
}

const PROVINCIAL_COUNCIL = /Hội đồng nhân dân|HĐND/u;
const EXEMPTION = /miễn (?:lệ phí|phí|nộp)|không phải nộp (?:lệ phí|phí)|được miễn/iu;
const OPTIONAL_EXTRA_FEE = /^phí\s.*nếu có(?: yêu cầu)?/iu;
const AMOUNT_SET_ELSEWHERE =
  /(?:thực hiện theo|theo quy định (?:của|tại))\s+(?:(?:các\s+)?văn bản|Luật phí|Thông tư|Nghị định|Nghị quyết|quy định)/iu;
const PERCENT = /\d+(?:[.,]\d+)?\s*%/u;

function kindOf(text: string): FeeKind {
  const charge = /lệ phí/iu.test(text);
  const fee = /(?<![\p{L}])(?<!lệ\s)phí(?![\p{L}])/iu.test(text.replace(/miễn phí/giu, ''));
  if (charge && !fee) return 'charge';
  if (fee && !charge) return 'fee';
  return 'unspecified';
}

/** The sentence of `text` around `index`. */
function sentenceAt(text: string, index: number): string {
  const left = text.slice(0, index);
  const right = text.slice(index);
  const l = Math.max(left.lastIndexOf('. '), left.lastIndexOf('\n'), left.lastIndexOf(';'));
  const r = /\.(?:\s|$)|\n|;/.exec(right);
  return text.slice(l + 1, index + (r ? r.index + 1 : right.length)).trim();
}

function parseRowFees(flags: Flags, path: string, row: ChannelRow, firstIndex: number): Fee[] {
  const note = clean(row.feeNote);
  const description = clean(row.description);
  const context = [note, description].filter((s) => s !== '').join('\n');
  const sentences = feeSentences(context);
  const extraSentences = sentences.filter((s) => OPTIONAL_EXTRA_FEE.test(s));
  const mainContext = sentences.filter((s) => !extraSentences.includes(s)).join('\n');
  const exemptions = sentences.filter((s) => EXEMPTION.test(s) && !OPTIONAL_EXTRA_FEE.test(s) && s !== 'Miễn lệ phí.');
  const council = PROVINCIAL_COUNCIL.test(mainContext);
  const cell = normaliseInline(row.fee);
  const main: Fee = {
    kind: kindOf(mainContext),
    raw: cell + (row.feeNote ? `(${normaliseInline(row.feeNote)})` : ''),
    amountVnd: null,
    foreignAmount: null,
    per: null,
    description: context === '' ? null : context,
    exemptions,
    decidedByProvincialCouncil: council,
    optional: false,
  };
  const p = `${path}[${firstIndex}]`;
  const perInNote = /^\/\s*(.+)$/u.exec(normaliseInline(row.feeNote));
  if (perInNote) main.per = perInNote[1]!.trim();

  if (isNoInformation(cell)) {
    flags.add(
      `${p}.amountVnd`,
      row.fee,
      'missing',
      council
        ? 'Cổng DVCQG không ghi mức thu; ghi chú cho biết mức thu do HĐND cấp tỉnh quyết định: nhập theo nghị quyết HĐND tỉnh'
        : 'Cổng DVCQG không có thông tin về phí, lệ phí cho hình thức nộp này: cần xác định có thu hay không',
    );
  } else if (/^miễn phí$/iu.test(cell)) {
    if (/^miễn lệ phí\.?$/iu.test(sentences[0] ?? '')) {
      main.kind = 'charge';
      main.amountVnd = 0;
    } else if (council) {
      flags.add(
        `${p}.amountVnd`,
        main.raw,
        'conflict',
        'Cột phí ghi "Miễn phí" nhưng ghi chú nói mức thu do HĐND cấp tỉnh quyết định (chỉ miễn cho một số đối tượng): nhập mức thu theo nghị quyết HĐND tỉnh',
      );
    } else if (AMOUNT_SET_ELSEWHERE.test(mainContext)) {
      flags.add(
        `${p}.amountVnd`,
        main.raw,
        'conflict',
        'Cột phí ghi "Miễn phí" nhưng ghi chú dẫn chiếu văn bản quy định mức thu: kiểm tra văn bản và nhập mức thu',
      );
    } else {
      main.amountVnd = 0;
    }
  } else {
    const money = parseMoneyAmount(cell);
    if (money === null) {
      flags.add(`${p}.amountVnd`, cell, 'unparsed', `Không đọc được số tiền "${cell}"`);
    } else if (money.currency !== 'VND') {
      main.foreignAmount = { amount: money.amount, currency: money.currency };
      flags.add(
        `${p}.amountVnd`,
        cell,
        'needs_review',
        `Thu bằng ngoại tệ (${money.amount} ${money.currency}, thường tại cơ quan đại diện ở nước ngoài): không quy đổi sang VNĐ`,
      );
    } else {
      const mentions = findVndAmounts(mainContext);
      const same = mentions.find((m) => m.amount === money.amount);
      const others = [...new Set(mentions.filter((m) => m.amount !== money.amount).map((m) => m.raw))];
      if (main.per === null && same?.per) main.per = same.per;
      if (same) {
        const kind = kindOf(sentenceAt(mainContext, same.index));
        if (kind !== 'unspecified') main.kind = kind;
      }
      if (council) {
        flags.add(
          `${p}.amountVnd`,
          main.raw,
          'needs_review',
          `Ghi chú cho biết mức thu do HĐND cấp tỉnh quyết định; "${cell}" trên Cổng DVCQG chỉ để tham khảo: nhập theo nghị quyết HĐND tỉnh`,
        );
      } else if (mentions.length > 0 && !same) {
        flags.add(
          `${p}.amountVnd`,
          main.raw,
          'conflict',
          `Cột phí ghi "${cell}" nhưng ghi chú ghi ${others.map((o) => `"${o}"`).join(', ')}: cần xác định mức đúng`,
        );
      } else {
        main.amountVnd = money.amount;
        if (others.length > 0) {
          flags.add(
            `${p}.amountVnd`,
            main.raw,
            'needs_review',
            `Ghi chú có thêm mức thu khác (${others.join('; ')}): có thể là biểu phí theo bậc/trường hợp, cần cấu hình cách tính`,
          );
        }
        if (PERCENT.test(mainContext)) {
          flags.add(
            `${p}.amountVnd`,
            main.raw,
            'needs_review',
            'Ghi chú có mức thu theo tỷ lệ phần trăm hoặc theo thời hạn áp dụng: kiểm tra mức đang áp dụng',
          );
        }
        if (money.amount > 0 && main.kind === 'unspecified') {
          flags.add(
            `${p}.kind`,
            main.raw,
            'needs_review',
            'Không rõ đây là phí hay lệ phí (cần cho biên lai và hạch toán)',
          );
        }
      }
    }
  }

  const fees = [main];
  for (const sentence of extraSentences) {
    const amounts = findVndAmounts(sentence);
    const extra: Fee = {
      kind: kindOf(sentence),
      raw: sentence,
      amountVnd: amounts.length === 1 ? amounts[0]!.amount : null,
      foreignAmount: null,
      per: amounts.length === 1 ? amounts[0]!.per : null,
      description: sentence,
      exemptions: [],
      decidedByProvincialCouncil: PROVINCIAL_COUNCIL.test(sentence),
      optional: true,
    };
    if (extra.amountVnd === null) {
      flags.add(
        `${path}[${firstIndex + fees.length}].amountVnd`,
        sentence,
        'missing',
        'Khoản phí kèm theo (nếu có yêu cầu) không ghi số tiền, chỉ dẫn chiếu văn bản: nhập mức thu theo văn bản đó',
      );
    }
    fees.push(extra);
  }
  return fees;
}

function parseRowTimes(
  flags: Flags,
  path: string,
  row: ChannelRow,
  firstIndex: number,
  condition: string | null,
): ProcessingTime[] {
  const raw = normaliseInline(row.time);
  const table: ProcessingTime = { raw, value: null, source: 'table', kind: 'standard', condition };
  const p = `${path}[${firstIndex}]`;
  if (isNoInformation(raw)) {
    flags.add(p, row.time, 'missing', 'Cổng DVCQG không có thông tin về thời hạn giải quyết cho hình thức nộp này');
  } else if (/^\d+$/.test(raw)) {
    flags.add(
      p,
      raw,
      'unparsed',
      `Thời hạn chỉ ghi số "${raw}", thiếu đơn vị (ngày làm việc / ngày / giờ làm việc): cần đối chiếu văn bản công bố thủ tục`,
    );
  } else {
    table.value = parseDuration(raw);
    if (table.value === null) flags.add(p, raw, 'unparsed', `Không đọc được thời hạn "${raw}"`);
  }

  const times = [table];
  const description = clean(row.description);
  for (const mention of findDurations(description)) {
    const d = mention.duration;
    const sentence = sentenceAt(description, mention.index);
    if (table.value && sameDuration(table.value, d)) continue;
    if (table.value && table.value.amount === d.amount && d.amount !== 0) {
      flags.add(
        p,
        `${raw} | ${sentence}`,
        'conflict',
        `Cột thời gian ghi "${raw}" (${describeDuration(table.value)}) nhưng mô tả ghi "${mention.raw}" (${describeDuration(d)}): cần xác định đơn vị đúng`,
      );
      table.value = null;
      continue;
    }
    if (
      times.some((t) => t.source === 'description' && t.value && sameDuration(t.value, d) && t.condition === sentence)
    )
      continue;
    times.push({
      raw: mention.raw,
      value: d,
      source: 'description',
      kind: /kéo dài|gia hạn|thêm/iu.test(sentence) ? 'extension' : 'alternative',
      condition: sentence,
    });
  }
  return times;
}

function parseChannels(flags: Flags, raw: string, steps: string): Field<SubmissionChannel[]> {
  if (isNoInformation(raw)) {
    flags.add('channels', raw, 'missing', 'Cổng DVCQG không có thông tin về cách thức thực hiện');
    return { raw, value: null };
  }
  const text = raw.normalize('NFC').replace(/[\u200b-\u200f\u2060\ufeff]/g, '');
  const headerAt = text.indexOf(CHANNEL_HEADER);
  if (headerAt < 0) {
    flags.add('channels', raw, 'unparsed', 'Không thấy bảng "Hình thức nộp / Thời gian / Phí, lệ phí / Mô tả"');
    return { raw, value: null };
  }
  const body = text.slice(headerAt + CHANNEL_HEADER.length);
  const rows = splitChannelRows(body);
  if (rows.length === 0) {
    flags.add('channels', raw, 'unparsed', 'Bảng cách thức thực hiện không có dòng nào đọc được');
    return { raw, value: null };
  }
  const stepRules = findCutoffRules(clean(steps), 'steps');
  const channels: SubmissionChannel[] = [];
  for (const kind of [...new Set(rows.map((r) => r.channel))]) {
    const ci = channels.length;
    const own = rows.filter((r) => r.channel === kind);
    const channel: SubmissionChannel = {
      channel: kind,
      label: own[0]!.label,
      processingTimes: [],
      fees: [],
      cutoffRules: [],
      notes: [],
    };
    for (const row of own) {
      if (row.broken !== null) {
        flags.add(
          `channels[${ci}].processingTimes[${channel.processingTimes.length}]`,
          row.broken,
          'unparsed',
          'Không tách được ô thời gian và ô phí của dòng này',
        );
        channel.processingTimes.push({
          raw: row.broken,
          value: null,
          source: 'table',
          kind: 'standard',
          condition: null,
        });
        flags.add(
          `channels[${ci}].fees[${channel.fees.length}].amountVnd`,
          row.broken,
          'unparsed',
          'Không tách được ô phí, lệ phí của dòng này',
        );
        channel.fees.push({
          kind: 'unspecified',
          raw: row.broken,
          amountVnd: null,
          foreignAmount: null,
          per: null,
          description: null,
          exemptions: [],
          decidedByProvincialCouncil: false,
          optional: false,
        });
        continue;
      }
      const description = clean(row.description);
      if (description !== '') channel.notes.push(description);
      // Several rows for one channel are alternatives; the row's own text is the only statement of when each applies.
      const condition = own.length > 1 ? description || clean(row.feeNote) || null : null;
      if (own.length > 1 && condition === null) {
        flags.add(
          `channels[${ci}].processingTimes[${channel.processingTimes.length}]`,
          row.time,
          'ambiguous',
          'Hình thức nộp này có nhiều dòng nhưng dòng này không nói áp dụng khi nào',
        );
      }
      channel.processingTimes.push(
        ...parseRowTimes(flags, `channels[${ci}].processingTimes`, row, channel.processingTimes.length, condition),
      );
      channel.fees.push(...parseRowFees(flags, `channels[${ci}].fees`, row, channel.fees.length));
      for (const rule of findCutoffRules(description, 'description')) {
        if (!channel.cutoffRules.some((r) => r.after === rule.after && r.raw === rule.raw))
          channel.cutoffRules.push(rule);
      }
    }
    for (const rule of stepRules) {
      if (!channel.cutoffRules.some((r) => r.after === rule.after && r.raw === rule.raw))
        channel.cutoffRules.push(rule);
    }
    channels.push(channel);
  }
  crossCheckFreeRows(flags, channels, clean(steps));
  return { raw, value: channels };
}

/**
 * A bare "Miễn phí" is only trusted when nothing else in the procedure says money is due: another channel whose
 * note sends the amount to the provincial council or to another act, or steps that tell the applicant to pay.
 */
function crossCheckFreeRows(flags: Flags, channels: SubmissionChannel[], steps: string): void {
  const setElsewhere = channels.some((c) =>
    c.fees.some(
      (f) =>
        !f.optional &&
        f.amountVnd === null &&
        (f.decidedByProvincialCouncil || AMOUNT_SET_ELSEWHERE.test(f.description ?? '')),
    ),
  );
  const payStep = /[^.;\n]*\bnộp\s+(?:lệ phí|phí)[^.;\n]*/iu.exec(steps);
  channels.forEach((c, ci) => {
    c.fees.forEach((f, fi) => {
      // Only a bare cell: a note ("Miễn lệ phí. Phí cấp bản sao…") already says what is and is not charged.
      if (f.amountVnd !== 0 || f.optional || f.description !== null) return;
      if (setElsewhere) {
        flags.add(
          `channels[${ci}].fees[${fi}].amountVnd`,
          f.raw,
          'needs_review',
          'Hình thức nộp này ghi "Miễn phí" không kèm ghi chú, trong khi hình thức khác của cùng thủ tục dẫn chiếu mức thu của HĐND tỉnh hoặc văn bản khác',
        );
      } else if (payStep) {
        flags.add(
          `channels[${ci}].fees[${fi}].amountVnd`,
          `${f.raw} | ${payStep[0].trim()}`,
          'needs_review',
          `Cột phí ghi "Miễn phí" nhưng trình tự thực hiện nhắc việc nộp phí, lệ phí ("${payStep[0].trim()}"): kiểm tra trường hợp phải nộp`,
        );
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// "Thành phần hồ sơ": groups of  Tên giấy tờ | Mẫu đơn, tờ khai | Số lượng
// ---------------------------------------------------------------------------------------------------------------

const COMPONENT_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';
// The quantity cell ends a row and is glued to the next row; "(01 bản chính hoặc 01 bản sao…)" inside a name is
// followed by a space or a closing parenthesis.
const QUANTITY = /(\d+) bản chính(?:,(\d+) bản sao)?(?=$|\n|[^\s,;.)\]])/gu;
const TEMPLATE_EXT = /\.(?:docx?|xlsx?|pdf|rtf|odt|ods|zip)$/iu;

function groupKind(heading: string | null): DossierGroup['kind'] {
  if (heading === null) return 'unspecified';
  // Headings carry bullets and enumerations: "* ", "- ", "+ ", "(ii) ", "(1.1) ".
  const h = heading.replace(/^[*\-+\s]*(?:\([\w.]+\)\s*)?/u, '');
  if (/^lưu ý/iu.test(h)) return 'notes';
  if (/^(?:trong\s+)?(?:trường hợp|đối với)/iu.test(h)) return 'case';
  if (/xuất trình/iu.test(h)) return 'present';
  if (/phải nộp|hồ sơ.*gồm|gồm(?: các)? giấy tờ|thành phần hồ sơ/iu.test(h)) return 'submit';
  return 'unspecified';
}

/**
 * Cuts a template file name glued to the end of a component name: "…TT-BCA).1.MuCT01banhnhkmtheoThngts53.doc".
 * The file name starts right after ")", "." or ";" that is glued to a letter or digit, within the last clause
 * (after the last punctuation followed by a space). Returns null when there is no such place.
 */
function cutTemplate(text: string): { name: string; fileName: string } | null {
  const lastClause = Math.max(...[...text.matchAll(/[.;:)]\s/gu)].map((m) => m.index + 1), 0);
  const tail = text.slice(lastClause);
  const at = /[).;](?=[\p{L}\p{N}])/u.exec(tail);
  if (!at) return null;
  const start = lastClause + at.index + 1;
  const fileName = text.slice(start).trim();
  if (fileName === '' || !TEMPLATE_EXT.test(fileName)) return null;
  return { name: text.slice(0, start).trim(), fileName };
}

const CONDITION_WORDS = /trường hợp|(?<![\p{L}])nếu(?![\p{L}])/iu;

function classifyRequirement(name: string, group: DossierGroup): ComponentRequirement | null | 'heading' {
  if (group.alternatives) return 'alternative';
  if (/^(?:\(\w+\)\s*)?(?:trong\s+)?(?:trường hợp|nếu|đối với|riêng)/iu.test(name)) return 'conditional';
  if (/:\s*$/u.test(name)) return 'heading';
  // A condition in parentheses qualifies the whole document ("Tờ khai … (nếu … nộp hồ sơ theo hình thức trực
  // tiếp)"); a condition in the running text may qualify only a detail ("Hợp đồng … có công chứng trong trường hợp
  // luật quy định"), so that is left to an administrator.
  const outside = name.replace(/\([^()]*\)/gu, '');
  const parenthesised =
    /\(\s*(?:nếu|trường hợp|trong trường hợp|đối với)[^()]*\)|\([^()]*(?<![\p{L}])nếu(?![\p{L}])[^()]*\)/iu;
  if (CONDITION_WORDS.test(outside)) return null;
  if (parenthesised.test(name)) return 'conditional';
  return 'required';
}

function parseDossier(flags: Flags, raw: string): Field<DossierGroup[]> {
  if (isNoInformation(raw)) {
    flags.add('dossier', raw, 'missing', 'Cổng DVCQG không có thông tin về thành phần hồ sơ');
    return { raw, value: null };
  }
  const text = clean(raw);
  const parts = text.split(COMPONENT_HEADER);
  if (parts.length < 2) {
    flags.add('dossier', raw, 'unparsed', 'Không thấy bảng "Tên giấy tờ / Mẫu đơn, tờ khai / Số lượng"');
    return { raw, value: null };
  }
  const groups: DossierGroup[] = [];
  let heading = parts[0]!;
  for (let gi = 1; gi < parts.length; gi++) {
    const body = parts[gi]!;
    const h = normaliseInline(heading).replace(/^-+$/, '');
    const group: DossierGroup = {
      heading: h === '' ? null : h,
      kind: groupKind(h === '' ? null : h),
      alternatives: /một trong (?:các|những|số)(?: loại)? giấy tờ/iu.test(h),
      components: [],
      notes: [],
    };
    const path = `dossier[${groups.length}]`;
    let cursor = 0;
    for (const m of body.matchAll(QUANTITY)) {
      const rowText = body.slice(cursor, m.index);
      const rowRaw = body.slice(cursor, m.index + m[0].length);
      cursor = m.index + m[0].length;
      const quantityRaw = m[0];
      const originalsRun = m[1]!;
      const copies = m[2] === undefined ? 0 : Number(m[2]);
      // The count is glued to the name, so a longer digit run may end the name: "… Luật Đất đai năm 2024" +
      // "0 bản chính" reads "20240 bản chính". Counts in the data are single digits; more digits are not guessed at.
      const ambiguousCount = originalsRun.length > 1;
      const originals = ambiguousCount ? null : Number(originalsRun);
      let name = normaliseInline(rowText);
      if (originals === 0 && copies === 0) {
        group.notes.push(name.replace(/^[-+*]\s*/u, ''));
        continue;
      }
      const ci = group.components.length;
      const cp = `${path}.components[${ci}]`;
      let template: Field<FormTemplate> | null = null;
      if (TEMPLATE_EXT.test(name)) {
        const cut = cutTemplate(name);
        if (cut) {
          name = cut.name;
          template = { raw: cut.fileName, value: { fileName: cut.fileName, url: null } };
        } else {
          template = { raw: name, value: null };
          flags.add(
            `${cp}.template`,
            name,
            'ambiguous',
            'Có tệp mẫu đính kèm nhưng không tách được tên tệp khỏi tên giấy tờ',
          );
        }
      }
      name = name.replace(/^[-+*]\s*/u, '').trim();
      const quantity: DossierComponent['quantity'] = {
        raw: quantityRaw,
        value: originals === null ? null : { originals, copies },
      };
      if (originals === null) {
        flags.add(
          `${cp}.quantity`,
          normaliseInline(rowRaw).slice(-60),
          'ambiguous',
          `Số bản chính dính liền với chữ số cuối tên giấy tờ ("${originalsRun} bản chính"): không tách được`,
        );
      }
      const requirement: DossierComponent['requirement'] = { raw: name, value: null };
      const cls = group.kind === 'notes' ? 'notes' : classifyRequirement(name, group);
      if (cls === 'notes') {
        flags.add(
          `${cp}.requirement`,
          name,
          'ambiguous',
          'Dòng thuộc mục "Lưu ý" nhưng có số lượng: không rõ là giấy tờ phải nộp hay chỉ là ghi chú',
        );
      } else if (cls === 'heading') {
        flags.add(
          `${cp}.requirement`,
          name,
          'ambiguous',
          'Dòng có dạng tiêu đề ("…:") nhưng có số lượng: không rõ là giấy tờ hay tiêu đề nhóm',
        );
      } else if (cls === null) {
        flags.add(
          `${cp}.requirement`,
          name,
          'ambiguous',
          'Tên giấy tờ có điều kiện ("trường hợp", "nếu"): cần xác định bắt buộc hay tùy trường hợp',
        );
      } else {
        requirement.value = cls;
      }
      group.components.push({ raw: normaliseInline(rowRaw), name, quantity, requirement, template });
    }
    const rest = body.slice(cursor);
    if (gi + 1 < parts.length) {
      heading = rest;
    } else if (normaliseInline(rest) !== '') {
      flags.add(`${path}`, rest, 'unparsed', 'Phần cuối bảng thành phần hồ sơ không có cột số lượng');
    }
    groups.push(group);
  }
  return { raw, value: groups };
}

// ---------------------------------------------------------------------------------------------------------------
// "Căn cứ pháp lý": Tên văn bản pháp lý | Mã văn bản
// ---------------------------------------------------------------------------------------------------------------

const LEGAL_HEADER = 'Tên văn bản pháp lýMã văn bản';
// The "Mã văn bản" cell sometimes repeats the type ("Thông tư số 03/2023/TT-BTP"); glued to the title it must go.
const GLUED_TYPE =
  /(?<=[\p{L}\p{N}.)])(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Bộ luật|Luật)(?:\s+số)?\s*$/u;

function parseLegalBasis(flags: Flags, raw: string): Field<LegalAct[]> {
  if (isNoInformation(raw)) {
    flags.add('legalBasis', raw, 'missing', 'Cổng DVCQG không có thông tin về căn cứ pháp lý');
    return { raw, value: null };
  }
  let text = normaliseInline(raw);
  if (text.startsWith(LEGAL_HEADER)) text = text.slice(LEGAL_HEADER.length);
  const numbers = findLegalActNumbers(text);
  // A number ends a row when it is glued to what follows (the next row's title), or when it is glued to what
  // precedes (the title) and a new capitalised title follows. "…/TT-BCAngày 01/7/2025" is a date, not a new row.
  const ends = numbers.filter((n, i) => {
    const after = text.slice(n.end);
    if (after.trim() === '') return true;
    const gluedBefore = n.index > 0 && !/\s/.test(text[n.index - 1]!);
    // Two numbers glued together: the first ends a row if it is itself glued to a title ("…doanh68/2025/TT-BTC"),
    // otherwise it is the end of a title ("… Nghị định số 07/2025/NĐ-CP" + "280/2025/NĐ-CP").
    if (numbers[i + 1]?.index === n.end) return gluedBefore;
    if (/^[^\s,;.)\]:]/u.test(after) && !/^ngày/iu.test(after)) return true;
    return gluedBefore && /^\s+\p{Lu}/u.test(after);
  });
  const rows: { raw: string; title: string; number: string; year: number; index: number }[] = [];
  let cursor = 0;
  for (const n of ends) {
    const rowRaw = text.slice(cursor, n.end);
    let title = text.slice(cursor, n.index).trim();
    title = title.replace(GLUED_TYPE, '').trim();
    rows.push({ raw: rowRaw.trim(), title, number: n.number, year: n.year, index: n.index });
    cursor = n.end;
  }
  const rest = text.slice(cursor).trim();
  if (rest !== '') {
    flags.add('legalBasis', rest, 'unparsed', 'Phần cuối danh sách căn cứ pháp lý không có số hiệu văn bản');
  }
  if (rows.length === 0) {
    flags.add('legalBasis', raw, 'unparsed', 'Không tìm thấy số hiệu văn bản nào trong căn cứ pháp lý');
    return { raw, value: null };
  }
  // A title cell that only holds the number ("Thông tư 47/2019/TT-BTC" after a bare "47/2019/TT-BTC") yields a
  // title-less row with the same number: merge rows by number.
  const acts: LegalAct[] = [];
  for (const row of rows) {
    const existing = acts.find((a) => a.number.raw === row.number);
    if (existing) {
      existing.raw += ` | ${row.raw}`;
      if (existing.title.value === null && row.title !== '') existing.title = { raw: row.title, value: row.title };
      continue;
    }
    acts.push({
      raw: row.raw,
      number: { raw: row.number, value: row.number },
      title: { raw: row.title, value: row.title === '' ? null : row.title },
      issuedDate: null,
    });
  }
  acts.forEach((act, i) => {
    const number = act.number.raw;
    // No act number has more than four digits before the year; a longer run took digits from the title
    // ("Luật Doanh nghiệp 2020" + "76/2025/QH15").
    if (/^\d{5,}/.test(number)) {
      act.number.value = null;
      flags.add(
        `legalBasis[${i}].number`,
        act.raw,
        'ambiguous',
        `Số hiệu "${number}" dính liền chữ số cuối tên văn bản: không tách được số hiệu thật`,
      );
    }
    if (act.title.value === null) {
      flags.add(`legalBasis[${i}].title`, act.raw, 'missing', `Văn bản ${number} không có tên`);
      return;
    }
    const own = act.title.value.indexOf(number);
    if (own < 0 || act.number.value === null) return;
    const date = readLeadingDate(act.title.value.slice(own + number.length));
    if (date !== null && Number(date.slice(0, 4)) !== Number(number.split('/')[1])) {
      flags.add(
        `legalBasis[${i}].issuedDate`,
        act.title.value,
        'conflict',
        `Ngày ban hành ${date} không cùng năm với số hiệu ${number}`,
      );
    } else {
      act.issuedDate = date;
    }
  });
  return { raw, value: acts };
}

// ---------------------------------------------------------------------------------------------------------------
// "Kết quả xử lý": Name Mã: KQ.G15.000031 … then page chrome ("Từ khóa", "Mô tả", agency picker)
// ---------------------------------------------------------------------------------------------------------------

function parseResults(flags: Flags, raw: string): Field<ResultDocument[]> {
  let text = normaliseInline(raw);
  const chrome = text.search(/Từ khóa(?:Không có thông tin)?Mô tả|Từ khóa|Chọn cơ quan thực hiện/u);
  if (chrome >= 0) text = text.slice(0, chrome).trim();
  if (isNoInformation(text)) {
    flags.add('results', raw, 'missing', 'Cổng DVCQG không có thông tin về kết quả giải quyết');
    return { raw, value: null };
  }
  const results: ResultDocument[] = [];
  let cursor = 0;
  for (const m of text.matchAll(/Mã:\s*(KQ\.[A-Z0-9]+\.\d+)/gu)) {
    const name = text
      .slice(cursor, m.index)
      .replace(/^[-+*]\s*/u, '')
      .replace(/[\s.]+$/u, '')
      .trim();
    results.push({ name, code: m[1]! });
    cursor = m.index + m[0].length;
  }
  const rest = text
    .slice(cursor)
    .replace(/^[-+*]\s*/u, '')
    .replace(/[\s.]+$/u, '')
    .trim();
  if (rest !== '') results.push({ name: rest, code: null });
  results.forEach((r, i) => {
    if (r.name === '') flags.add(`results[${i}]`, raw, 'unparsed', `Kết quả mã ${r.code} không có tên`);
  });
  return { raw, value: results };
}

// ---------------------------------------------------------------------------------------------------------------

function parseConditions(flags: Flags, raw: string): Field<string[]> {
  if (isNoInformation(raw)) {
    flags.add(
      'conditions',
      raw,
      'missing',
      'Cổng DVCQG ghi "Không có thông tin" về yêu cầu, điều kiện: kiểm tra lại (có thể thủ tục không có điều kiện)',
    );
    return { raw, value: null };
  }
  const text = clean(raw);
  if (/^không\.?$/iu.test(text)) return { raw, value: [] };
  return { raw, value: text.split('\n').map((line) => line.replace(/^[-+]\s*/u, '')) };
}

/** Parses one crawled procedure. Never throws on content: problems become flags. */
export function parseProcedure(input: CrawledProcedure): ProcedureRecord {
  const flags = new Flags();
  const get = (key: keyof CrawledProcedure): string => {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      flags.add(key, JSON.stringify(v), 'unparsed', `Trường ${key} không phải chuỗi ký tự`);
    }
    return str(v);
  };

  const codeRaw = get('ma_thu_tuc');
  const nationalCode = textField(flags, 'nationalCode', codeRaw, 'Thiếu mã thủ tục');
  if (nationalCode.value !== null && !/^\d\.\d{6}$/.test(nationalCode.value)) {
    flags.add('nationalCode', codeRaw, 'unparsed', `Mã thủ tục "${nationalCode.value}" không đúng dạng "1.001193"`);
    nationalCode.value = null;
  }

  const decisionNumber = textField(flags, 'decisionNumber', get('so_quyet_dinh'));
  if (decisionNumber.value !== null && /^QĐ\/0+\d*-/u.test(decisionNumber.value)) {
    flags.add(
      'decisionNumber',
      decisionNumber.raw,
      'unparsed',
      `Số quyết định công bố "${decisionNumber.value}" là giá trị giữ chỗ trên Cổng DVCQG, không phải số thật`,
    );
    decisionNumber.value = null;
  }

  const levelsRaw = get('cap_thuc_hien');
  const levels: ProcedureRecord['levels'] = { raw: levelsRaw, value: null };
  if (isNoInformation(levelsRaw)) flags.add('levels', levelsRaw, 'missing', NO_INFO);
  else {
    const parsed = parseImplementingLevels(levelsRaw);
    if (parsed.unknown.length > 0 || parsed.levels.length === 0) {
      flags.add('levels', levelsRaw, 'unparsed', `Không nhận ra cấp thực hiện: ${parsed.unknown.join(', ')}`);
    } else levels.value = parsed.levels;
  }

  const subjectsRaw = get('doi_tuong_thuc_hien');
  const subjects: ProcedureRecord['subjects'] = { raw: subjectsRaw, value: null };
  if (isNoInformation(subjectsRaw)) flags.add('subjects', subjectsRaw, 'missing', NO_INFO);
  else subjects.value = splitTopLevel(normaliseInline(subjectsRaw), ',');

  const steps = get('trinh_tu_thuc_hien');
  const stepsField = textField(flags, 'steps', steps, 'Cổng DVCQG không có thông tin về trình tự thực hiện');
  if (stepsField.value !== null) stepsField.value = clean(steps);

  const name = textField(flags, 'name', get('ten_thu_tuc'), 'Thiếu tên thủ tục');
  const onlineReading = parseOnlineServiceLevel(name.value ?? '');
  const onlineService: ProcedureRecord['onlineService'] = {
    raw: onlineReading.phrases.join(' | '),
    value: onlineReading.value,
  };
  if (onlineReading.value === null) {
    flags.add(
      'onlineService',
      onlineService.raw,
      onlineReading.phrases.length > 0 ? 'ambiguous' : 'missing',
      onlineReading.phrases.length > 0
        ? 'Tên thủ tục nêu nhiều mức độ dịch vụ công trực tuyến khác nhau'
        : 'Dữ liệu thu thập không có mức độ dịch vụ công trực tuyến (toàn trình / một phần, hay mức độ 3/4 cũ): tra cứu trên Cổng DVCQG',
    );
  }

  return {
    nationalCode,
    name,
    decisionNumber,
    procedureType: textField(flags, 'procedureType', get('loai_thu_tuc')),
    sector: textField(flags, 'sector', get('linh_vuc'), 'Thiếu lĩnh vực'),
    levels,
    subjects,
    competentAgency: textField(
      flags,
      'competentAgency',
      get('co_quan_co_tham_quyen'),
      'Cổng DVCQG không ghi cơ quan có thẩm quyền: tỉnh cần chỉ định',
    ),
    implementingAgency: (() => {
      const f = textField(
        flags,
        'implementingAgency',
        get('co_quan_thuc_hien'),
        'Cổng DVCQG không ghi cơ quan thực hiện: tỉnh cần chỉ định',
      );
      if (f.value !== null) f.value = f.value.replace(/\.$/u, '');
      return f;
    })(),
    receivingAddress: textField(
      flags,
      'receivingAddress',
      get('dia_chi_tiep_nhan'),
      'Cổng DVCQG không ghi địa chỉ tiếp nhận hồ sơ: tỉnh cần nhập',
    ),
    authorisedAgency: optionalText(get('co_quan_duoc_uy_quyen')),
    coordinatingAgency: optionalText(get('co_quan_phoi_hop')),
    relatedProcedures: optionalText(get('thu_tuc_lien_quan')),
    steps: stepsField,
    channels: parseChannels(flags, get('cach_thuc_thuc_hien'), steps),
    dossier: parseDossier(flags, get('thanh_phan_ho_so')),
    conditions: parseConditions(flags, get('yeu_cau_dieu_kien')),
    results: parseResults(flags, get('ket_qua_xu_ly')),
    legalBasis: parseLegalBasis(flags, get('can_cu_phap_ly')),
    onlineService,
    source: { detailUrl: optionalText(get('detail_url')), formalityId: optionalText(get('formality_id')) },
    flags: flags.list,
  };
}

/** Parses the text of one crawled JSON file. Throws only when the text is not a JSON object. */
export function parseProcedureJson(json: string): ProcedureRecord {
  const data: unknown = JSON.parse(json);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('Tệp thủ tục không phải một đối tượng JSON');
  }
  return parseProcedure(data as CrawledProcedure);
}

export interface ParseSummaryLine {
  /** Values read. */
  parsed: number;
  /** Of `parsed`, values kept but flagged for an administrator to check (tiered fee, council-set, …). */
  parsedButFlagged: number;
  /** Values left null and flagged. */
  flagged: number;
}

/** Parsed vs. flagged counts per kind of field, over many records (for import reports). */
export function summariseProcedures(records: ProcedureRecord[]): Record<string, ParseSummaryLine> {
  const out: Record<string, ParseSummaryLine> = {};
  const count = (key: string, present: boolean, flagged: boolean): void => {
    out[key] ??= { parsed: 0, parsedButFlagged: 0, flagged: 0 };
    if (!present) out[key].flagged++;
    else {
      out[key].parsed++;
      if (flagged) out[key].parsedButFlagged++;
    }
  };
  for (const r of records) {
    const flagged = new Set(r.flags.map((f) => f.field));
    for (const key of [
      'nationalCode',
      'name',
      'decisionNumber',
      'procedureType',
      'sector',
      'levels',
      'subjects',
      'competentAgency',
      'implementingAgency',
      'receivingAddress',
      'steps',
      'channels',
      'dossier',
      'conditions',
      'results',
      'legalBasis',
      'onlineService',
    ] as const) {
      count(key, (r[key] as Field<unknown>).value !== null, flagged.has(key));
    }
    (r.channels.value ?? []).forEach((c, ci) => {
      c.processingTimes.forEach((t, ti) => {
        const key = t.source === 'table' ? 'processingTime (table cell)' : 'processingTime (extra, from description)';
        count(key, t.value !== null, flagged.has(`channels[${ci}].processingTimes[${ti}]`));
      });
      c.fees.forEach((f, fi) => {
        count('fee.amountVnd', f.amountVnd !== null, flagged.has(`channels[${ci}].fees[${fi}].amountVnd`));
        // "unspecified" only matters when money is due (then it is flagged); free or unknown amounts are skipped.
        const kindFlagged = flagged.has(`channels[${ci}].fees[${fi}].kind`);
        if (f.kind !== 'unspecified' || kindFlagged) count('fee.kind (fee / charge)', f.kind !== 'unspecified', false);
      });
      for (const _ of c.cutoffRules) count('cutoffRule (per channel)', true, false);
    });
    (r.dossier.value ?? []).forEach((g, gi) => {
      g.components.forEach((c, ci) => {
        const p = `dossier[${gi}].components[${ci}]`;
        count('component.quantity', c.quantity.value !== null, flagged.has(`${p}.quantity`));
        count('component.requirement', c.requirement.value !== null, flagged.has(`${p}.requirement`));
        if (c.template) count('component.template', c.template.value !== null, flagged.has(`${p}.template`));
      });
    });
    (r.legalBasis.value ?? []).forEach((a, i) => {
      count('legalAct.number', a.number.value !== null, flagged.has(`legalBasis[${i}].number`));
      count('legalAct.title', a.title.value !== null, flagged.has(`legalBasis[${i}].title`));
      // A date is optional (most rows give none beside the number): only dates found are counted.
      if (a.issuedDate !== null) count('legalAct.issuedDate (when written)', true, false);
    });
  }
  return out;
}

/** `8000` → "8.000 đồng", for showing parsed amounts next to the raw text. */
export function formatVnd(amount: number): string {
  return `${formatVietnameseInteger(amount)} đồng`;
}
