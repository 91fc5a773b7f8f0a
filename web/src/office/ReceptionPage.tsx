/**
 * The reception desk for a walk-in applicant (Nghị định 61/2018/NĐ-CP Art. 19: the one-stop
 * officer checks the dossier, receives it and hands over the receipt and appointment, Mẫu 01):
 *  1. look up the procedure, choose the receiving agency, enter the applicant and the e-form;
 *  2. the dossier is kept as a draft of the desk while the papers are scanned or uploaded, one
 *     component at a time, with the list of what is still missing;
 *  3. receive: the dossier is submitted at the counter and accepted in one go, gets its code and
 *     due date, and the receipt (Mẫu 01) opens as a PDF to print;
 *     or not receive it (the same article): papers missing → "Yêu cầu bổ sung", the supplement
 *     request (Mẫu 02) listing what to bring, and the dossier waits for the supplement (status
 *     pending_supplement: when the applicant returns, the desk records the supplement on the
 *     dossier page and receives it); outside the agency's remit or otherwise not acceptable →
 *     "Từ chối", the refusal (Mẫu 03) with the reason. Both are the reception step's own actions
 *     in the process definition (request_supplement, refuse); the server submits the desk's draft
 *     and applies the action in one change, so the form carries a dossier code.
 */
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api } from '../shared/api.ts';
import { EformField } from '../shared/eform/EformField.tsx';
import {
  type Answers,
  type Eform,
  errorTarget,
  formDataOf,
  groupsOf,
  validateGroup,
  withPrefill,
} from '../shared/eform/eform.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { Textarea } from '../shared/ui/form-extras.tsx';
import { Alert, Button, ButtonLink, ErrorAlert, Loading, Select, TextField } from '../shared/ui/index.ts';
import { dateTime } from './format.ts';
import { OfficeTitle, useOfficial } from './OfficeLayout.tsx';
import {
  act,
  agencyQuery,
  type DossierView,
  formUrl,
  hasRole,
  type ProcedureHit,
  uploadComponent,
} from './office.api.ts';

/** Units that receive for their parent agency (dossier.policy.ts: WORKS_FOR_PARENT). */
const WORKS_FOR_PARENT = new Set(['division', 'public_service_unit', 'commune_service_centre']);

function useDeskAgencies(): { code: string; name: string }[] {
  const me = useOfficial();
  const grants = [
    ...new Set(me.roles.filter((g) => g.role === 'one_stop_officer' && g.agencyCode).map((g) => g.agencyCode!)),
  ];
  const agencies = useQueries({ queries: grants.map((c) => agencyQuery(c)) });
  const parents = agencies
    .map((a) => a.data)
    .filter((a) => a && WORKS_FOR_PARENT.has(a.kind) && a.parentCode)
    .map((a) => a!.parentCode!);
  const parentQueries = useQueries({ queries: parents.map((c) => agencyQuery(c)) });
  const out: { code: string; name: string }[] = [];
  // The parent first: a commune centre receives for the commune People's Committee.
  for (const p of parentQueries) if (p.data) out.push({ code: p.data.code, name: p.data.name });
  for (const a of agencies) if (a.data) out.push({ code: a.data.code, name: a.data.name });
  return out;
}

interface ApplicantInput {
  name: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
}

export function ReceptionPage() {
  const me = useOfficial();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const agencies = useDeskAgencies();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [procedure, setProcedure] = useState<ProcedureHit | null>(null);
  const [agency, setAgency] = useState('');
  const [applicant, setApplicant] = useState<ApplicantInput>({
    name: '',
    idNumber: '',
    phone: '',
    email: '',
    address: '',
  });
  const [answers, setAnswers] = useState<Answers>({});
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<DossierView | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [received, setReceived] = useState<DossierView | null>(null);
  /** Not receiving the walk-in: which outcome is being filled in, its reason, and the dossier after it. */
  const [declining, setDeclining] = useState<'request_supplement' | 'refuse' | null>(null);
  const [reason, setReason] = useState('');
  const [declined, setDeclined] = useState<DossierView | null>(null);

  const hits = useQuery({
    queryKey: ['catalog', 'procedures', search],
    queryFn: ({ signal }) =>
      api<{ items: ProcedureHit[] }>('/api/v1/catalog/procedures', { signal, query: { q: search, limit: 8 } }),
    enabled: search.trim() !== '',
  });
  const eform = useQuery({
    queryKey: ['eform', procedure?.code],
    queryFn: async ({ signal }) => {
      try {
        return await api<Eform>(`/api/v1/procedures/${procedure!.code}/eform`, { signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    enabled: procedure !== null,
    staleTime: 10 * 60_000,
  });
  const groups = useMemo(() => groupsOf(eform.data?.schema), [eform.data]);
  const chosenAgency = agency || agencies[0]?.code || '';

  if (!hasRole(me, 'one_stop_officer')) {
    return (
      <>
        <OfficeTitle title="Tiếp nhận hồ sơ" />
        <Alert tone="warning">
          <p>Chỉ công chức Bộ phận Một cửa được tiếp nhận hồ sơ.</p>
        </Alert>
      </>
    );
  }

  const account = {
    name: applicant.name,
    phone: applicant.phone,
    email: applicant.email,
    idNumber: applicant.idNumber,
    address: applicant.address,
  };
  const filled = withPrefill(groups, answers, account);
  const clientErrors: Record<string, string> = {};
  if (checked) {
    for (const g of groups) {
      for (const [f, m] of Object.entries(validateGroup(t, g, filled))) clientErrors[`/${g.name}/${f}`] = m;
    }
    if (!applicant.name.trim()) clientErrors.applicantName = 'Nhập họ tên người nộp.';
  }

  async function createDraft(event: FormEvent) {
    event.preventDefault();
    if (!procedure) return;
    setChecked(true);
    setError(null);
    const errs = groups.some((g) => Object.keys(validateGroup(t, g, filled)).length > 0) || !applicant.name.trim();
    if (errs) return;
    setBusy(true);
    try {
      const a: Record<string, string> = {};
      for (const [k, v] of Object.entries(applicant)) if (v.trim()) a[k] = v.trim();
      const res = await api<DossierView>('/api/v1/dossiers', {
        method: 'POST',
        body: {
          procedureCode: procedure.code,
          agencyCode: chosenAgency,
          applicant: a,
          formData: formDataOf(groups, filled),
          channel: 'in_person',
          submit: false,
        },
      });
      setDraft(res);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        const mapped: Record<string, string> = {};
        for (const e of err.problem.errors) {
          const target = errorTarget(e.field);
          if (target && 'group' in target && target.field) mapped[`/${target.group}/${target.field}`] = e.message;
        }
        setServerErrors(mapped);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function refresh(id: string) {
    setDraft(await api<DossierView>(`/api/v1/dossiers/${id}`));
  }

  async function onFile(index: number, file: File | undefined) {
    if (!draft || !file) return;
    setUploading(index);
    setError(null);
    try {
      await uploadComponent(draft.id, index, file);
      await refresh(draft.id);
    } catch (err) {
      setError(err);
    } finally {
      setUploading(null);
    }
  }

  async function receive() {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const submitted = await act(draft.id, { kind: 'submit', expectedVersion: draft.version });
      const accepted = await act(draft.id, { kind: 'accept', expectedVersion: submitted.version });
      setReceived(accepted);
      await queryClient.invalidateQueries({ queryKey: ['office'] });
    } catch (err) {
      setError(err);
      await refresh(draft.id).catch(() => {});
    } finally {
      setBusy(false);
    }
  }

  async function decline(event: FormEvent) {
    event.preventDefault();
    if (!draft || !declining) return;
    if (reason.trim() === '') {
      setError(new Error(declining === 'refuse' ? 'Nhập lý do từ chối.' : 'Nhập các giấy tờ cần bổ sung.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const after = await act(draft.id, { kind: declining, reason: reason.trim(), expectedVersion: draft.version });
      setDeclined(after);
      await queryClient.invalidateQueries({ queryKey: ['office'] });
    } catch (err) {
      setError(err);
      await refresh(draft.id).catch(() => {});
    } finally {
      setBusy(false);
    }
  }

  /** What is missing, as a first draft of the supplement request's reason. */
  function startDecline(kind: 'request_supplement' | 'refuse') {
    setDeclining(kind);
    setError(null);
    if (kind === 'request_supplement' && reason.trim() === '' && draft) {
      const missing = draft.components.filter((c) => c.required && !c.file).map((c) => `- ${c.name}`);
      setReason(missing.length > 0 ? `Cần bổ sung:\n${missing.join('\n')}` : '');
    }
  }

  function reset() {
    setProcedure(null);
    setAnswers({});
    setApplicant({ name: '', idNumber: '', phone: '', email: '', address: '' });
    setChecked(false);
    setServerErrors({});
    setDraft(null);
    setReceived(null);
    setDeclining(null);
    setReason('');
    setDeclined(null);
    setError(null);
  }

  if (declined) {
    const refused = declined.status === 'refused';
    const form = refused ? 'refusal' : 'supplement_request';
    return (
      <>
        <OfficeTitle title={refused ? 'Đã từ chối tiếp nhận hồ sơ' : 'Đã yêu cầu bổ sung hồ sơ'} />
        <Alert tone={refused ? 'warning' : 'info'} title={`Mã hồ sơ: ${declined.code}`}>
          <p>
            {declined.procedureName}. Người nộp: {declined.applicant.name}.
          </p>
          <p>
            {refused
              ? 'Hồ sơ không được tiếp nhận; trao Phiếu từ chối cho người nộp.'
              : 'Hồ sơ chờ người nộp bổ sung; khi người nộp quay lại, mở hồ sơ từ hàng đợi "Chờ bổ sung" để nhận giấy tờ bổ sung, kiểm tra và tiếp nhận.'}
          </p>
        </Alert>
        <p>
          <a className="btn btn--primary" href={formUrl(declined.id, form)} target="_blank" rel="noopener">
            {refused
              ? 'Mở Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03) để in'
              : 'Mở Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) để in'}
          </a>
        </p>
        <div className="office-actions">
          <ButtonLink variant="secondary" to={refused ? `/ho-so/${declined.id}` : `/kiem-tra/${declined.id}`}>
            {refused ? 'Xem hồ sơ' : 'Mở hồ sơ (nhận bổ sung khi người nộp quay lại)'}
          </ButtonLink>
          <Button variant="secondary" onClick={reset}>
            Tiếp nhận hồ sơ khác
          </Button>
        </div>
      </>
    );
  }

  if (received) {
    return (
      <>
        <OfficeTitle title="Đã tiếp nhận hồ sơ" />
        <Alert tone="success" title={`Mã hồ sơ: ${received.code}`}>
          <p>
            {received.procedureName}. Người nộp: {received.applicant.name}.
          </p>
          <p>
            Hẹn trả kết quả: <strong>{dateTime(received.appointmentAt ?? received.dueAt)}</strong>
          </p>
        </Alert>
        <p>
          <a className="btn btn--primary" href={formUrl(received.id, 'receipt')} target="_blank" rel="noopener">
            Mở Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) để in
          </a>
        </p>
        <div className="office-actions">
          <ButtonLink variant="secondary" to={`/ho-so/${received.id}`}>
            Xem hồ sơ
          </ButtonLink>
          <Button variant="secondary" onClick={reset}>
            Tiếp nhận hồ sơ khác
          </Button>
        </div>
      </>
    );
  }

  if (draft) {
    const missing = draft.components.filter((c) => c.required && !c.file);
    return (
      <>
        <OfficeTitle title="Giấy tờ của hồ sơ" />
        <p>
          {draft.procedureName} · Người nộp: <strong>{draft.applicant.name}</strong>
        </p>
        {error ? <ErrorAlert error={error} /> : null}
        <ul className="office-components">
          {draft.components.map((c) => (
            <li key={c.index} className="office-component">
              <div className="office-component__row">
                <label htmlFor={`file-${c.index}`} className="office-component__name" title={c.name}>
                  <span className="office-clamp">{c.name}</span>
                  {c.required ? <span className="muted small">(bắt buộc)</span> : null}
                </label>
                <span className="office-component__file">
                  {c.file ? <span className="small">Đã có: {c.file.fileName}</span> : null}
                  <input
                    id={`file-${c.index}`}
                    type="file"
                    accept="application/pdf,image/jpeg,image/png,image/tiff"
                    disabled={uploading !== null}
                    onChange={(e) => void onFile(c.index, e.target.files?.[0])}
                  />
                  {uploading === c.index ? <span className="small">Đang tải lên…</span> : null}
                </span>
              </div>
            </li>
          ))}
        </ul>
        {missing.length > 0 ? (
          <Alert tone="warning" title="Còn thiếu giấy tờ bắt buộc">
            <ul className="list list--bullet">
              {missing.map((c) => (
                <li key={c.index}>{c.name}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          <Alert tone="success">
            <p>Đã đủ các thành phần bắt buộc.</p>
          </Alert>
        )}
        <div className="office-actions">
          <Button onClick={receive} disabled={busy || missing.length > 0 || uploading !== null}>
            {busy && declining === null ? 'Đang tiếp nhận…' : 'Tiếp nhận hồ sơ'}
          </Button>
          <Button
            variant={missing.length > 0 ? 'primary' : 'secondary'}
            aria-pressed={declining === 'request_supplement'}
            onClick={() => startDecline('request_supplement')}
            disabled={busy || uploading !== null}
          >
            Yêu cầu bổ sung (Mẫu 02)
          </Button>
          <Button
            variant="secondary"
            aria-pressed={declining === 'refuse'}
            onClick={() => startDecline('refuse')}
            disabled={busy || uploading !== null}
          >
            Từ chối tiếp nhận (Mẫu 03)
          </Button>
        </div>
        {declining ? (
          <form className="office-card" onSubmit={decline} noValidate aria-label="Không tiếp nhận hồ sơ">
            <h2 className="office-h2">
              {declining === 'refuse' ? 'Từ chối tiếp nhận hồ sơ' : 'Yêu cầu bổ sung, hoàn thiện hồ sơ'}
            </h2>
            <Textarea
              label={declining === 'refuse' ? 'Lý do từ chối' : 'Nội dung cần bổ sung, hoàn thiện'}
              hint="In trên phiếu giao cho người nộp."
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={4}
            />
            <div className="office-actions">
              <Button type="submit" disabled={busy}>
                {busy
                  ? 'Đang ghi nhận…'
                  : declining === 'refuse'
                    ? 'Xác nhận từ chối và in Mẫu 03'
                    : 'Xác nhận và in Mẫu 02'}
              </Button>
              <Button variant="secondary" onClick={() => setDeclining(null)}>
                Hủy
              </Button>
            </div>
          </form>
        ) : null}
      </>
    );
  }

  return (
    <>
      <OfficeTitle title="Tiếp nhận hồ sơ trực tiếp" />
      {error ? <ErrorAlert error={error} /> : null}
      <section aria-labelledby="r-proc" className="office-card">
        <h2 id="r-proc" className="office-h2">
          1. Thủ tục
        </h2>
        {procedure ? (
          <p>
            <strong>{procedure.name}</strong> <span className="muted">({procedure.code})</span>{' '}
            <button type="button" className="office-link-button" onClick={() => setProcedure(null)}>
              Chọn thủ tục khác
            </button>
          </p>
        ) : (
          <form
            aria-label="Tìm thủ tục"
            onSubmit={(e) => {
              e.preventDefault();
              setSearch(q);
            }}
            className="office-inline"
          >
            <TextField
              label="Tên hoặc mã thủ tục"
              hint="Gõ không dấu cũng được, ví dụ: khai sinh"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <Button type="submit">Tìm</Button>
          </form>
        )}
        {!procedure && hits.isFetching ? <Loading label="Đang tìm…" /> : null}
        {!procedure && hits.data ? (
          hits.data.items.length === 0 ? (
            <p>Không tìm thấy thủ tục.</p>
          ) : (
            <ul className="office-hits">
              {hits.data.items.map((p) => (
                <li key={p.code}>
                  <button type="button" className="office-hit" onClick={() => setProcedure(p)}>
                    <span>{p.name}</span>
                    <span className="small muted">
                      {p.code} · {p.sector}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      {procedure ? (
        <form onSubmit={createDraft} noValidate>
          <section aria-labelledby="r-agency" className="office-card">
            <h2 id="r-agency" className="office-h2">
              2. Người nộp
            </h2>
            {agencies.length > 1 ? (
              <Select
                label="Tiếp nhận cho cơ quan"
                value={chosenAgency}
                onChange={(e) => setAgency(e.target.value)}
                options={agencies.map((a) => ({ value: a.code, label: a.name }))}
              />
            ) : null}
            <div className="office-grid2">
              <TextField
                label="Họ tên người nộp"
                autoComplete="off"
                value={applicant.name}
                error={clientErrors.applicantName}
                onChange={(e) => setApplicant({ ...applicant, name: e.target.value })}
              />
              <TextField
                label="Số định danh cá nhân / mã số thuế"
                inputMode="numeric"
                autoComplete="off"
                value={applicant.idNumber}
                onChange={(e) => setApplicant({ ...applicant, idNumber: e.target.value })}
              />
              <TextField
                label="Điện thoại"
                type="tel"
                autoComplete="off"
                value={applicant.phone}
                onChange={(e) => setApplicant({ ...applicant, phone: e.target.value })}
              />
              <TextField
                label="Thư điện tử (không bắt buộc)"
                type="email"
                autoComplete="off"
                value={applicant.email}
                onChange={(e) => setApplicant({ ...applicant, email: e.target.value })}
              />
            </div>
            <TextField
              label="Địa chỉ (không bắt buộc)"
              autoComplete="off"
              value={applicant.address}
              onChange={(e) => setApplicant({ ...applicant, address: e.target.value })}
            />
          </section>
          {eform.isPending ? <Loading label="Đang tải tờ khai…" /> : null}
          {groups.length > 0 ? (
            <section aria-labelledby="r-form" className="office-card">
              <h2 id="r-form" className="office-h2">
                3. Tờ khai
              </h2>
              {groups.map((g) => (
                <fieldset key={g.name} className="fieldset office-fieldset">
                  <legend className="office-h3">{g.title}</legend>
                  <div className="office-grid2">
                    {g.fields.map((f) => (
                      <EformField
                        key={f.name}
                        field={f}
                        value={filled[g.name]?.[f.name]}
                        error={clientErrors[f.path] ?? serverErrors[f.path]}
                        onChange={(v) =>
                          setAnswers((prev) => ({ ...prev, [g.name]: { ...(prev[g.name] ?? {}), [f.name]: v } }))
                        }
                      />
                    ))}
                  </div>
                </fieldset>
              ))}
            </section>
          ) : null}
          <div className="office-actions">
            <Button type="submit" disabled={busy}>
              {busy ? 'Đang lưu…' : 'Tiếp tục: nhận giấy tờ'}
            </Button>
          </div>
        </form>
      ) : null}
    </>
  );
}
