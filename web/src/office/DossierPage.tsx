/**
 * A dossier as an official works on it: who applied, the form as filled in, the components with a
 * preview, the timeline of every hand-over, the due instants of the dossier and of its current
 * step, and the actions the process definition allows this official here (the server says which,
 * in `availableActions`, with the inputs each requires). A dossier the official may not see is the
 * not-found page: the server answers 404 for it, exactly as for a dossier that does not exist.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../shared/api.ts';
import { Alert, ErrorAlert, Loading, Tag } from '../shared/ui/index.ts';
import { ActionPanel } from './ActionPanel.tsx';
import { ApplicantTerms, EformAnswers, FilePreview, PREVIEWABLE, Term } from './DossierParts.tsx';
import { CHANNEL_LABELS, DUE_LABELS, DUE_TONES, dateTime } from './format.ts';
import { NotFoundPage, OfficeTitle, useOfficial } from './OfficeLayout.tsx';
import {
  agencyQuery,
  type ComponentView,
  componentUrl,
  type DossierView,
  type DueState,
  dossierQuery,
  formUrl,
  hasRole,
  historyQuery,
} from './office.api.ts';

/**
 * The process definition and version the dossier follows: fixed when it was received (Nghị định
 * 118/2025/NĐ-CP — a dossier keeps the process in force at reception even after a new version is
 * published). The server's view carries both (dossier.service.ts); an administrator can open it.
 */
function ProcessFollowed({ d }: { d: DossierView & { processId?: string; processVersion?: number } }) {
  const me = useOfficial();
  if (!d.processId || d.processVersion === undefined) return null;
  const label = `${d.processId}, phiên bản ${d.processVersion}`;
  return (
    <Term term="Quy trình áp dụng">
      {hasRole(me, 'province_admin', 'agency_admin') ? (
        <Link to={`/quan-tri/quy-trinh/${encodeURIComponent(d.processId)}/${d.processVersion}`}>{label}</Link>
      ) : (
        label
      )}
    </Term>
  );
}

const FORM_NAMES: Record<string, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)',
  supplement_request: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)',
  refusal: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)',
  apology_extension: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)',
  stop_notice: 'Thông báo dừng giải quyết hồ sơ (Mẫu 05)',
  control_sheet: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)',
};

/** Due state of an instant not yet reached (the queue's rule, for the page's own deadlines). */
function dueStateOf(d: DossierView, at: string | null): DueState | null {
  if (!at || d.completedAt || d.paused) return null;
  const left = new Date(at).getTime() - Date.now();
  if (left < 0) return 'overdue';
  return left <= 24 * 3600_000 ? 'due-soon' : 'on-time';
}

function AgencyName({ code }: { code: string }) {
  const a = useQuery(agencyQuery(code));
  return <>{a.data?.name ?? code}</>;
}

function Deadline({ label, at, d }: { label: string; at: string | null; d: DossierView }) {
  const state = dueStateOf(d, at);
  return (
    <div className="office-deadline">
      <dt>{label}</dt>
      <dd>
        {dateTime(at)} {state ? <Tag tone={DUE_TONES[state]}>{DUE_LABELS[state]}</Tag> : null}
      </dd>
    </div>
  );
}

/** The server's view also lists the result files with their types (dossier.service.ts viewOf `resultFiles`). */
type WithResultFiles = DossierView & { resultFiles?: { id: string; mime: string; fileName: string }[] };

/** An attached result document: opened in a new tab, or previewed in the page when a PDF or an image. */
function ResultRow({ dossier, fileId, n }: { dossier: DossierView; fileId: string; n: number }) {
  const [open, setOpen] = useState(false);
  const url = `/api/v1/dossiers/${encodeURIComponent(dossier.id)}/results/${encodeURIComponent(fileId)}`;
  const mime = (dossier as WithResultFiles).resultFiles?.find((r) => r.id === fileId)?.mime ?? null;
  return (
    <li>
      <a href={url} target="_blank" rel="noopener">
        Tệp kết quả {n}
      </a>
      {mime !== null && PREVIEWABLE.has(mime) ? (
        <>
          {' '}
          <button type="button" className="office-link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? 'Ẩn' : 'Xem'}
            <span className="visually-hidden"> tệp kết quả {n}</span>
          </button>
          {open ? <FilePreview url={url} mime={mime} title={`Tệp kết quả ${n}`} /> : null}
        </>
      ) : null}
    </li>
  );
}

/** A component with its preview in the page (PDF, JPEG, PNG); other types are downloaded. */
function ComponentRow({ dossierId, c }: { dossierId: string; c: ComponentView }) {
  const [open, setOpen] = useState(false);
  const file = c.file;
  const url = componentUrl(dossierId, c.index);
  return (
    <li className="office-component">
      <div className="office-component__row">
        <span className="office-component__name" title={c.name}>
          <span className="office-clamp">{c.name}</span>
          {c.required ? <span className="muted small">(bắt buộc)</span> : null}
        </span>
        {file ? (
          <span className="office-component__file">
            <span className="small">
              {file.fileName} · {Math.ceil(file.size / 1024)} KB{c.versions > 1 ? ` · bản ${file.version}` : ''}
            </span>
            {PREVIEWABLE.has(file.mime) ? (
              <button
                type="button"
                className="office-link-button"
                aria-expanded={open}
                onClick={() => setOpen((o) => !o)}
              >
                {open ? 'Ẩn' : 'Xem'}
                <span className="visually-hidden"> {c.name}</span>
              </button>
            ) : null}
            <a className="office-link-button" href={url} download={file.fileName}>
              Tải về<span className="visually-hidden"> {c.name}</span>
            </a>
          </span>
        ) : (
          <Tag tone={c.required ? 'red' : 'grey'}>Chưa có tệp</Tag>
        )}
      </div>
      {open && file ? <FilePreview url={url} mime={file.mime} title={`Bản chụp: ${c.name}`} /> : null}
    </li>
  );
}

export function DossierPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const dossier = useQuery(dossierQuery(id));
  const history = useQuery({ ...historyQuery(id), enabled: dossier.isSuccess });
  const [done, setDone] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new dossier clears the message
  useEffect(() => setDone(null), [id]);

  if (dossier.isPending) return <Loading label="Đang tải hồ sơ…" />;
  if (dossier.isError) {
    if (dossier.error instanceof ApiError && dossier.error.status === 404) return <NotFoundPage />;
    return <ErrorAlert error={dossier.error} onRetry={() => dossier.refetch()} />;
  }
  const d = dossier.data;
  const a = d.applicant;
  const forms = [...new Set((history.data?.items ?? []).map((h) => h.form).filter((f): f is string => !!f))];

  async function afterAction(updated: DossierView, label: string) {
    queryClient.setQueryData(dossierQuery(id).queryKey, updated);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: historyQuery(id).queryKey }),
      queryClient.invalidateQueries({ queryKey: ['office', 'queues'] }),
      queryClient.invalidateQueries({ queryKey: ['office', 'queue'] }),
    ]);
    setDone(label);
  }

  return (
    <div className="office-dossier">
      <OfficeTitle title={`Hồ sơ ${d.code ?? ''}`}>
        Hồ sơ <span className="office-code">{d.code ?? 'chưa cấp mã'}</span>
      </OfficeTitle>
      <p className="office-dossier__procedure">
        {d.procedureName} <span className="muted">({d.procedureCode})</span>
      </p>
      {done ? (
        <Alert tone="success" title="Đã thực hiện">
          <p>{done}</p>
        </Alert>
      ) : null}
      <div className="office-dossier__grid">
        <div>
          <section aria-labelledby="s-status" className="office-card">
            <h2 id="s-status" className="office-h2">
              Tình trạng
            </h2>
            <dl className="office-dl">
              <Term term="Trạng thái">
                <strong>{d.statusLabel}</strong>
                {d.paused ? ' (tạm dừng tính thời hạn)' : ''}
              </Term>
              <Term term="Bước hiện tại">{d.stepName}</Term>
              <Term term="Cơ quan đang xử lý">
                <AgencyName code={d.handlingAgency} />
              </Term>
              <Term term="Nơi tiếp nhận">
                <AgencyName code={d.receivingAgency} /> · {CHANNEL_LABELS[d.channel] ?? d.channel}
              </Term>
              <ProcessFollowed d={d} />
              <Term term="Tiếp nhận lúc">{dateTime(d.receivedAt ?? d.submittedAt)}</Term>
              <Deadline label="Hạn giải quyết hồ sơ" at={d.dueAt} d={d} />
              <Deadline label="Hạn của bước hiện tại" at={d.stepDueAt} d={d} />
              {d.appointmentAt ? <Term term="Hẹn trả kết quả">{dateTime(d.appointmentAt)}</Term> : null}
            </dl>
          </section>
          <section aria-labelledby="s-applicant" className="office-card">
            <h2 id="s-applicant" className="office-h2">
              Người nộp
            </h2>
            <ApplicantTerms
              className="office-dl"
              rows={[
                ['Họ tên', a.name],
                ['Số giấy tờ', a.idNumber || null],
                ['Điện thoại', a.phone || null],
                ['Thư điện tử', a.email || null],
                ['Địa chỉ', a.address || null],
              ]}
            />
          </section>
          <section aria-labelledby="s-components" className="office-card">
            <h2 id="s-components" className="office-h2">
              Thành phần hồ sơ
            </h2>
            <ul className="office-components">
              {d.components.map((c) => (
                <ComponentRow key={c.index} dossierId={d.id} c={c} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="s-form" className="office-card">
            <h2 id="s-form" className="office-h2">
              Tờ khai
            </h2>
            <EformAnswers
              procedureCode={d.procedureCode}
              data={d.formData}
              groupClassName="office-formgroup"
              listClassName="office-dl"
            />
          </section>
        </div>
        <div>
          <section aria-labelledby="s-actions" className="office-card office-card--actions">
            <h2 id="s-actions" className="office-h2">
              Thao tác
            </h2>
            <ActionPanel dossier={d} onDone={afterAction} />
          </section>
          {d.resultFileIds.length > 0 ? (
            <section aria-labelledby="s-results" className="office-card">
              <h2 id="s-results" className="office-h2">
                Kết quả giải quyết
              </h2>
              <ul className="list">
                {d.resultFileIds.map((f, i) => (
                  <ResultRow key={f} dossier={d} fileId={f} n={i + 1} />
                ))}
              </ul>
            </section>
          ) : null}
          {forms.length > 0 || d.code ? (
            <section aria-labelledby="s-forms" className="office-card">
              <h2 id="s-forms" className="office-h2">
                Biểu mẫu
              </h2>
              <ul className="list">
                {[...forms, ...(d.code && !forms.includes('control_sheet') ? ['control_sheet'] : [])].map((f) => (
                  <li key={f}>
                    <a href={formUrl(d.id, f)} target="_blank" rel="noopener">
                      {FORM_NAMES[f] ?? f} (PDF)
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="s-timeline" className="office-card">
            <h2 id="s-timeline" className="office-h2">
              Quá trình xử lý
            </h2>
            {history.isPending ? <Loading label="Đang tải…" /> : null}
            {history.isError ? (
              history.error instanceof ApiError && history.error.status === 404 ? (
                <p className="muted">Hồ sơ đã chuyển khỏi phạm vi của bạn sau thao tác vừa rồi.</p>
              ) : (
                <ErrorAlert error={history.error} onRetry={() => history.refetch()} />
              )
            ) : null}
            <ol className="office-timeline">
              {(history.data?.items ?? []).map((h) => (
                <li key={h.seq}>
                  <div>
                    <strong>{h.label}</strong>
                  </div>
                  <div className="small muted">
                    {dateTime(h.at)} · {h.actorName ?? 'Hệ thống'}
                    {h.targetAgencyCode ? (
                      <>
                        {' '}
                        → <AgencyName code={h.targetAgencyCode} />
                      </>
                    ) : null}
                  </div>
                  {h.assigneeName ? <div className="small">Người xử lý: {h.assigneeName}</div> : null}
                  {h.comment ? <div className="small">Ý kiến: {h.comment}</div> : null}
                  {h.reason ? <div className="small">Lý do: {h.reason}</div> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}
