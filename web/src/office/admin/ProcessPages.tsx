/**
 * Process definitions as the administrator reads them: every definition with its versions
 * (status, effective dates), and one version with its steps (role, agency, share of the time,
 * actions with their target step and required inputs) and the diagram the server draws.
 * Nghị định 118/2025/NĐ-CP asks each agency to publish this internal process for every procedure.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { formatDate } from '../../shared/format.ts';
import { Alert, Button, ErrorAlert, Loading, Tag } from '../../shared/ui/index.ts';
import { OfficeTitle } from '../OfficeLayout.tsx';
import {
  ACTION_LABELS,
  agenciesQuery,
  agencyLabel,
  type DefinitionStatus,
  type DefinitionSummary,
  DOSSIER_STATUS_LABELS,
  definitionQuery,
  definitionsQuery,
  deleteDraft,
  diagramUrl,
  GUARD_LABELS,
  type ProcessDefinition,
  REQUIREMENT_LABELS,
  STATUS_LABELS,
  STEP_ROLE_LABELS,
  scopeLabel,
  setDefinitionStatus,
} from './admin.api.ts';

const STATUS_TONES: Record<DefinitionStatus, 'green' | 'grey' | 'yellow'> = {
  draft: 'yellow',
  published: 'green',
  retired: 'grey',
};

export function StatusTag({ status }: { status: DefinitionStatus }) {
  return <Tag tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Tag>;
}

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00+07:00`) : '—');

export function ProcessListPage() {
  const list = useQuery(definitionsQuery);
  const location = useLocation();
  const deleted = (location.state as { deleted?: { version: number; name: string } } | null)?.deleted;
  const agencies = useQuery(agenciesQuery);
  const names = agencies.data?.names ?? new Map<string, string>();
  const [q, setQ] = useState('');

  const groups = new Map<string, DefinitionSummary[]>();
  for (const d of list.data?.items ?? []) {
    const key = d.id;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const needle = q.trim().toLowerCase();
  const rows = [...groups.values()]
    .map((versions) => versions.sort((a, b) => b.version - a.version))
    .filter((versions) => {
      if (!needle) return true;
      const d = versions[0]!;
      return `${d.procedureCode} ${d.name} ${d.agencyCode} ${scopeLabel(d.agencyCode, names)}`
        .toLowerCase()
        .includes(needle);
    })
    .sort((a, b) => a[0]!.procedureCode.localeCompare(b[0]!.procedureCode) || a[0]!.id.localeCompare(b[0]!.id));

  return (
    <>
      <OfficeTitle title="Quy trình giải quyết thủ tục" />
      {deleted ? (
        <Alert tone="success" title="Đã xoá bản nháp">
          <p>
            Bản nháp phiên bản {deleted.version} của quy trình «{deleted.name}» đã được xoá; các phiên bản khác giữ
            nguyên.
          </p>
        </Alert>
      ) : null}
      <div className="office-filters">
        <div className="field">
          <label className="field__label" htmlFor="process-search">
            Tìm quy trình
          </label>
          <p className="field__hint" id="process-search-hint">
            Mã hoặc tên thủ tục, cơ quan
          </p>
          <input
            id="process-search"
            className="input"
            type="search"
            aria-describedby="process-search-hint"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
      </div>
      {list.isPending ? <Loading label="Đang tải quy trình…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        rows.length === 0 ? (
          <p className="office-empty">Không có quy trình nào{needle ? ' khớp từ khóa' : ''}.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">Các quy trình và phiên bản</caption>
              <thead>
                <tr>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Cơ quan áp dụng</th>
                  <th scope="col">Phiên bản</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((versions) => {
                  const d = versions[0]!;
                  return (
                    <tr key={d.id}>
                      <td>
                        <span className="office-clamp">{d.name}</span>
                        <div className="small muted">{d.procedureCode}</div>
                      </td>
                      <td>{scopeLabel(d.agencyCode, names)}</td>
                      <td>
                        <ul className="admin-versions">
                          {versions.map((v) => (
                            <li key={v.version}>
                              <Link
                                to={`/quan-tri/quy-trinh/${encodeURIComponent(v.id)}/${v.version}`}
                                aria-label={`Phiên bản ${v.version} của quy trình ${d.name} (${scopeLabel(d.agencyCode, names)})`}
                              >
                                Phiên bản {v.version}
                              </Link>{' '}
                              <StatusTag status={v.status} />{' '}
                              <span className="small">
                                từ {day(v.effectiveFrom)}
                                {v.effectiveTo ? ` đến ${day(v.effectiveTo)}` : ''}
                              </span>
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}

/** The time each step may use: its share of the total, as a percentage and in the total's unit. */
export function shareText(def: ProcessDefinition, share: number): string {
  const total = def.steps.reduce((s, x) => s + (Number.isFinite(x.share) ? Math.max(x.share, 0) : 0), 0);
  if (!(total > 0) || !(share > 0)) return '—';
  const part = (share / total) * def.totalTime.amount;
  const unit = def.totalTime.unit === 'working_days' ? 'ngày làm việc' : 'giờ làm việc';
  return `${Math.round((share / total) * 1000) / 10}% (≈ ${Math.round(part * 10) / 10} ${unit})`;
}

export function ProcessVersionPage() {
  const params = useParams();
  const id = params.id ?? '';
  const version = Number(params.version);
  const location = useLocation();
  const savedState = (location.state as { saved?: boolean | 'edited' } | null)?.saved;
  const saved = savedState === true || savedState === 'edited';
  const navigate = useNavigate();
  const def = useQuery(definitionQuery(id, version));
  const list = useQuery(definitionsQuery);
  const agencies = useQuery(agenciesQuery);
  const names = agencies.data?.names ?? new Map<string, string>();
  const queryClient = useQueryClient();
  const summary = list.data?.items.find((d) => d.id === id && d.version === version);
  const status = summary?.status ?? def.data?.status;
  const remove = useMutation({
    mutationFn: () => deleteDraft(id, version, summary?.updatedAt),
    onSuccess: async () => {
      const name = def.data?.name ?? id;
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
      navigate('/quan-tri/quy-trinh', { state: { deleted: { version, name } } });
    },
  });
  const change = useMutation({
    mutationFn: (to: 'published' | 'retired') => setDefinitionStatus(id, version, to),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
  });

  if (def.isPending) return <Loading label="Đang tải quy trình…" />;
  if (def.isError) return <ErrorAlert error={def.error} onRetry={() => def.refetch()} />;
  const d = def.data;
  const stepName = (sid: string | undefined) => d.steps.find((s) => s.id === sid)?.name ?? sid ?? '';
  const unit = d.totalTime.unit === 'working_days' ? 'ngày làm việc' : 'giờ làm việc';

  return (
    <>
      <p className="small">
        <Link to="/quan-tri/quy-trinh">‹ Danh sách quy trình</Link>
      </p>
      <OfficeTitle title={`Quy trình ${d.procedureCode}, phiên bản ${version}`}>
        {d.name} <span className="office-title__count">— phiên bản {version}</span>
      </OfficeTitle>
      {saved && status === 'draft' ? (
        <Alert
          tone="success"
          title={savedState === 'edited' ? 'Đã lưu bản nháp đã sửa' : 'Đã kiểm tra và lưu bản nháp'}
        >
          <p>Phiên bản {version} hợp lệ và đã được lưu. Xem lại các bước rồi bấm «Công bố phiên bản» để áp dụng.</p>
        </Alert>
      ) : null}
      {change.isSuccess ? (
        <Alert tone="success" title={change.data.status === 'published' ? 'Đã công bố' : 'Đã ngừng áp dụng'}>
          <p>
            {change.data.status === 'published'
              ? `Phiên bản ${version} đang áp dụng: hồ sơ mới tiếp nhận từ ngày ${day(d.effectiveFrom)} theo phiên bản này; hồ sơ đã tiếp nhận giữ phiên bản cũ.`
              : `Phiên bản ${version} không còn áp dụng cho hồ sơ mới.`}
          </p>
        </Alert>
      ) : null}
      {change.isError ? <ErrorAlert error={change.error} /> : null}
      {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      <section className="office-card" aria-label="Thông tin phiên bản">
        <dl className="office-dl">
          <div>
            <dt>Mã thủ tục</dt>
            <dd>{d.procedureCode}</dd>
          </div>
          <div>
            <dt>Cơ quan áp dụng</dt>
            <dd>{scopeLabel(d.agencyCode, names)}</dd>
          </div>
          <div>
            <dt>Tình trạng</dt>
            <dd>{status ? <StatusTag status={status} /> : null}</dd>
          </div>
          <div>
            <dt>Hiệu lực</dt>
            <dd>
              từ {day(d.effectiveFrom)}
              {d.effectiveTo ? ` đến hết ${day(d.effectiveTo)}` : ''}
            </dd>
          </div>
          <div>
            <dt>Thời hạn giải quyết</dt>
            <dd>
              {d.totalTime.amount} {unit}
              {d.cutoff ? `; nhận sau ${d.cutoff} tính từ ngày làm việc sau` : ''}
            </dd>
          </div>
          <div>
            <dt>Mã quy trình</dt>
            <dd className="office-code">{d.id}</dd>
          </div>
        </dl>
        <div className="office-filters__buttons">
          <Link className="btn btn--secondary" to={`/quan-tri/quy-trinh/${encodeURIComponent(id)}/${version}/moi`}>
            Tạo phiên bản mới từ bản này
          </Link>
          {status === 'draft' ? (
            <>
              <Link className="btn btn--secondary" to={`/quan-tri/quy-trinh/${encodeURIComponent(id)}/${version}/sua`}>
                Sửa bản nháp
              </Link>
              <Button
                variant="secondary"
                disabled={remove.isPending || change.isPending}
                onClick={() => {
                  if (window.confirm(`Xoá bản nháp phiên bản ${version}? Không khôi phục được.`)) remove.mutate();
                }}
              >
                Xoá bản nháp
              </Button>
              <Button disabled={change.isPending || remove.isPending} onClick={() => change.mutate('published')}>
                Công bố phiên bản
              </Button>
            </>
          ) : null}
          {status === 'published' ? (
            <Button
              variant="secondary"
              disabled={change.isPending}
              onClick={() => {
                if (window.confirm(`Ngừng áp dụng phiên bản ${version} cho hồ sơ mới?`)) change.mutate('retired');
              }}
            >
              Ngừng áp dụng
            </Button>
          ) : null}
        </div>
      </section>

      <h2 className="office-h2">Các bước</h2>
      <div className="table-wrap">
        <table className="table office-table admin-steps">
          <caption className="visually-hidden">Các bước của quy trình, theo thứ tự khai báo</caption>
          <thead>
            <tr>
              <th scope="col">Bước</th>
              <th scope="col">Người thực hiện</th>
              <th scope="col">Thời gian</th>
              <th scope="col">Thao tác được phép</th>
            </tr>
          </thead>
          <tbody>
            {d.steps.map((s, i) => (
              <tr key={s.id}>
                <td>
                  <strong>
                    {i + 1}. {s.name}
                  </strong>
                  {s.id === d.startStep ? (
                    <div>
                      <Tag tone="blue">Bước bắt đầu</Tag>
                    </div>
                  ) : null}
                  <div className="small muted">
                    {DOSSIER_STATUS_LABELS[s.dossierStatus] ?? s.dossierStatus} · mã {s.id}
                  </div>
                </td>
                <td>
                  {STEP_ROLE_LABELS[s.role] ?? s.role}
                  <div className="small">{agencyLabel(s.agency, names)}</div>
                </td>
                <td>{shareText(d, s.share)}</td>
                <td>
                  <ul className="admin-actions">
                    {s.actions.map((a) => (
                      <li key={`${a.kind}:${a.to ?? ''}`}>
                        {a.label}
                        {a.to ? <span> → {stepName(a.to)}</span> : null}
                        <div className="small muted">
                          {ACTION_LABELS[a.kind] ?? a.kind}
                          {a.requires.length > 0
                            ? `; nhập: ${a.requires.map((r) => REQUIREMENT_LABELS[r] ?? r).join(', ')}`
                            : ''}
                          {a.guards.length > 0
                            ? `; khi ${a.guards.map((g) => GUARD_LABELS[g.kind] ?? g.kind).join(', ')}`
                            : ''}
                        </div>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="office-h2">Sơ đồ quy trình</h2>
      <figure className="admin-diagram">
        <img
          src={diagramUrl(id, version)}
          alt={`Sơ đồ quy trình: ${d.steps.map((s) => s.name).join(' → ')}`}
          loading="lazy"
        />
        <figcaption className="small muted">
          Sơ đồ do hệ thống vẽ từ các bước và thao tác; nét đứt: trả lại, yêu cầu bổ sung, từ chối, dừng, gia hạn.{' '}
          <a href={diagramUrl(id, version)} target="_blank" rel="noreferrer">
            Mở sơ đồ (SVG)
          </a>
        </figcaption>
      </figure>
    </>
  );
}
