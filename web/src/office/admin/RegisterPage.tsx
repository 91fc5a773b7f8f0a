/**
 * The register of dossiers (Sổ theo dõi hồ sơ, Mẫu 07 of Thông tư 03/2025/TT-VPCP) of one
 * receiving agency over a date range, downloaded as PDF or Excel. The server decides who may read
 * it (the receiving desk and the agency's leaders) and says so in Vietnamese when the caller may not.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, type Problem } from '../../shared/api.ts';
import { vietnamDate } from '../../shared/format.ts';
import { Alert, Button, ErrorAlert } from '../../shared/ui/index.ts';
import { DateField } from '../DateField.tsx';
import { OfficeTitle, useOfficial } from '../OfficeLayout.tsx';
import { agenciesQuery, registerUrl } from './admin.api.ts';

function firstOfMonth(today: string): string {
  return `${today.slice(0, 8)}01`;
}

async function download(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiError({ ...(problem ?? { title: res.statusText || 'Lỗi' }), status: res.status });
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function RegisterPage() {
  const me = useOfficial();
  const agencies = useQuery(agenciesQuery);
  const today = vietnamDate(new Date());
  const [agency, setAgency] = useState(me.agencyCode ?? '');
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const [format, setFormat] = useState<'pdf' | 'xlsx'>('pdf');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    setBusy(true);
    const name = `so-theo-doi-${agency}-${from}-${to}.${format}`;
    try {
      await download(registerUrl(agency.trim(), from, to, format), name);
      setDone(`Đã tải ${name}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <OfficeTitle title="Sổ theo dõi hồ sơ (Mẫu 07)" />
      <p>Sổ theo dõi các hồ sơ một cơ quan đã tiếp nhận trong khoảng ngày (theo giờ Việt Nam, tối đa một năm).</p>
      {error ? <ErrorAlert error={error} /> : null}
      {done ? (
        <Alert tone="success">
          <p>{done}</p>
        </Alert>
      ) : null}
      <form className="office-filters admin-register" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor="register-agency">
            Mã cơ quan tiếp nhận
          </label>
          <p className="field__hint" id="register-agency-hint">
            Gõ tên hoặc mã để chọn
          </p>
          <input
            id="register-agency"
            className="input"
            list="register-agencies"
            aria-describedby="register-agency-hint"
            required
            value={agency}
            onChange={(e) => setAgency(e.target.value)}
          />
          <datalist id="register-agencies">
            {(agencies.data?.items ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </datalist>
          {agencies.data?.names.get(agency.trim()) ? (
            <p className="small">{agencies.data.names.get(agency.trim())}</p>
          ) : null}
        </div>
        <DateField id="register-from" label="Từ ngày" value={from} onChange={setFrom} required />
        <DateField id="register-to" label="Đến ngày" value={to} onChange={setTo} required />
        <fieldset className="field admin-radios">
          <legend className="field__label">Định dạng</legend>
          <label className="admin-check">
            <input type="radio" name="register-format" checked={format === 'pdf'} onChange={() => setFormat('pdf')} />{' '}
            PDF (in, ký)
          </label>
          <label className="admin-check">
            <input type="radio" name="register-format" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} />{' '}
            Excel
          </label>
        </fieldset>
        <div className="office-filters__buttons">
          <Button type="submit" disabled={busy || agency.trim() === ''}>
            Tải sổ theo dõi
          </Button>
        </div>
      </form>
    </>
  );
}
