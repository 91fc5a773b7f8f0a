/**
 * VietQR payloads (NAPAS "Đặc tả kỹ thuật mã QR chuyển nhanh 24/7", built on EMVCo QR Code
 * Specification for Payment Systems — Merchant-Presented Mode v1.1): a string of TLV fields
 * (2-digit id, 2-digit length, value), ending with field 63, the CRC-16/CCITT-FALSE (polynomial
 * 0x1021, initial value 0xFFFF) over everything before it including "6304", in 4 upper-case hex
 * digits. Bank apps in Vietnam scan it to pre-fill a transfer.
 */

export interface VietQrInput {
  /** NAPAS bank identification number (BIN), 6 digits. */
  bankBin: string;
  /** Beneficiary account number. */
  accountNumber: string;
  /** Amount in VND (integer); omitted = the payer types it. */
  amountVnd?: number;
  /** Transfer content (field 62-08), e.g. the dossier code; ASCII only is safest for bank apps. */
  purpose?: string;
}

/** CRC-16/CCITT-FALSE over the UTF-8 bytes of `data`. */
export function crc16Ccitt(data: string): number {
  let crc = 0xffff;
  for (const byte of Buffer.from(data, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** One TLV field; throws when the value is longer than 99 bytes (the length has two digits). */
export function tlv(id: string, value: string): string {
  const length = Buffer.byteLength(value, 'utf8');
  if (!/^\d{2}$/.test(id)) throw new RangeError(`Mã trường EMVCo không hợp lệ: ${id}`);
  if (length > 99) throw new RangeError(`Trường ${id} dài quá 99 byte`);
  return `${id}${String(length).padStart(2, '0')}${value}`;
}

/** Strips Vietnamese diacritics and anything outside printable ASCII (bank apps differ on UTF-8). */
function asciiPurpose(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7E]/g, '')
    .slice(0, 50);
}

export function vietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new RangeError('BIN ngân hàng phải gồm 6 chữ số');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.accountNumber)) throw new RangeError('Số tài khoản không hợp lệ');
  const amount = input.amountVnd;
  if (amount !== undefined && (!Number.isSafeInteger(amount) || amount <= 0)) {
    throw new RangeError('Số tiền phải là số nguyên dương (đồng)');
  }
  // Field 38: merchant account information for NAPAS: GUID A000000727, beneficiary organisation
  // (00 = BIN, 01 = account), service code QRIBFTTA (transfer to an account).
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.accountNumber);
  const account = tlv('00', 'A000000727') + tlv('01', beneficiary) + tlv('02', 'QRIBFTTA');
  let payload =
    tlv('00', '01') + // payload format indicator
    tlv('01', amount === undefined ? '11' : '12') + // 11 static, 12 dynamic (one payment)
    tlv('38', account) +
    tlv('53', '704') + // ISO 4217 VND
    (amount === undefined ? '' : tlv('54', String(amount))) +
    tlv('58', 'VN');
  const purpose = input.purpose === undefined ? '' : asciiPurpose(input.purpose);
  if (purpose !== '') payload += tlv('62', tlv('08', purpose));
  payload += '6304';
  return payload + crc16Ccitt(payload).toString(16).toUpperCase().padStart(4, '0');
}

/** Parses a TLV string into [id, value] pairs (top level); throws on a malformed string. */
export function parseTlv(payload: string): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  while (i < payload.length) {
    const id = payload.slice(i, i + 2);
    const len = Number(payload.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(len) || i + 4 + len > payload.length) {
      throw new RangeError(`TLV hỏng tại vị trí ${i}`);
    }
    out.push([id, payload.slice(i + 4, i + 4 + len)]);
    i += 4 + len;
  }
  return out;
}

/** True if the string's field 63 is the CRC of the rest. */
export function verifyVietQr(payload: string): boolean {
  if (payload.length < 8 || payload.slice(-8, -4) !== '6304') return false;
  const body = payload.slice(0, -4);
  return crc16Ccitt(body).toString(16).toUpperCase().padStart(4, '0') === payload.slice(-4);
}
