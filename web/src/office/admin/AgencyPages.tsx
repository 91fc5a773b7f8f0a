/**
 * Agencies (cơ quan, đơn vị) as the administrator manages them (issue 7): the tree in force today
 * with a search, a new agency (its electronic identifier follows QCVN 102:2016/BTTTT or Quyết định
 * 20/2020/QĐ-TTg; the server checks it), one agency with its versions, a change from a date (a new
 * version: what was true before stays true for the records made then) and its dissolution. Writes
 * carry the version's ETag; the server's problems are shown against the inputs.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { formatDate, vietnamDate } from '../../shared/format.ts';
import { Alert, Button, ErrorAlert, Loading, Tag } from '../../shared/ui/index.ts';
import { OfficeTitle, useOfficial } from '../OfficeLayout.tsx';
import { isProvinceAdmin } from './admin.api.ts';
import {
  AGENCY_KIND_OPTIONS,
  type Agency,
  type AgencyDetail,
  type AgencyInput,
  agencyDetailQuery,
  agencyListQuery,
  changeAgency,
  closeAgency,
  createAgency,
} from './admin.catalog.api.ts';
import './catalog-admin.css';
import { DateField } from '../DateField.tsx';

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00+07:00`) : '—');

interface Node extends Agency {
  children: Node[];
}

function buildTree(items: Agency[]): Node[] {
  const nodes = new Map(items.map((a) => [a.code, { ...a, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentCode ? nodes.get(n.parentCode) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: Node[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

export function AgencyListPage() {
  const me = useOfficial();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useQuery(agencyListQuery(q));
  const tree = useMemo(() => (q ? [] : buildTree(list.data?.items ?? [])), [list.data, q]);
  return (
    <>
      <OfficeTitle title="Cơ quan, đơn vị" />
      <form
        className="office-filters"
        aria-label="Tìm cơ quan"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(draft.trim());
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="agency-q">
            Tìm cơ quan
          </label>
          <p className="field__hint" id="agency-q-hint">
            Tên, tên viết tắt hoặc mã định danh, có hoặc không dấu
          </p>
          <input
            id="agency-q"
            className="input"
            type="search"
            aria-describedby="agency-q-hint"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
        <div className="office-filters__buttons">
          <Button type="submit">Tìm</Button>
          {q ? (
            <Button
              variant="secondary"
              onClick={() => {
                setDraft('');
                setQ('');
              }}
            >
              Xem cây cơ quan
            </Button>
          ) : null}
          {isProvinceAdmin(me) ? (
            <Button variant="secondary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
              Thêm cơ quan
            </Button>
          ) : null}
        </div>
      </form>
      {creating ? <CreateAgency onCancel={() => setCreating(false)} /> : null}
      {list.isPending ? <Loading label="Đang tải cơ quan…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data && q ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Không có cơ quan nào khớp «{q}».</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">Kết quả tìm cơ quan ({list.data.total})</caption>
              <thead>
                <tr>
                  <th scope="col">Cơ quan</th>
                  <th scope="col">Mã định danh</th>
                  <th scope="col">Loại</th>
                  <th scope="col">Cấp trên</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <tr key={a.code}>
                    <td>
                      <Link to={`/quan-tri/co-quan/${a.code}`}>{a.name}</Link>
                    </td>
                    <td>{a.code}</td>
                    <td>{a.kindLabel}</td>
                    <td>{a.parentCode ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {list.data && !q ? (
        <section className="office-card" aria-labelledby="tree-h">
          <h2 className="office-h2" id="tree-h">
            Cây cơ quan có hiệu lực hôm nay ({list.data.total})
          </h2>
          <ul className="catalog-tree">
            {tree.map((n) => (
              <TreeNode key={n.code} node={n} depth={0} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function TreeNode({ node, depth }: { node: Node; depth: number }) {
  const [open, setOpen] = useState(depth < 1);
  return (
    <li>
      {node.children.length > 0 ? (
        <button type="button" className="office-link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? '−' : '+'}
          <span className="visually-hidden">
            {open ? ' Thu gọn' : ' Mở'} {node.name}
          </span>
        </button>
      ) : (
        <span className="catalog-tree__leaf" aria-hidden="true">
          {'  '}
        </span>
      )}{' '}
      <Link to={`/quan-tri/co-quan/${node.code}`}>{node.name}</Link>{' '}
      <span className="small muted">
        {node.code} · {node.kindLabel}
        {node.children.length > 0 ? ` · ${node.children.length} đơn vị trực thuộc` : ''}
      </span>
      {open && node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <TreeNode key={c.code} node={c} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The server's problem for an input (`/body/<name>`), if any. */
function problemFor(error: unknown, name: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.field === `/body/${name}`)?.message;
}

function Input({
  id,
  name,
  label,
  hint,
  value,
  onChange,
  error,
  type = 'text',
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value: string;
  onChange(v: string): void;
  error: unknown;
  type?: string;
}) {
  const problem = problemFor(error, name);
  const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={problem ? 'field field--error' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Lỗi: </span>
          {problem}
        </p>
      ) : null}
      <input
        id={id}
        className="input"
        type={type}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function KindSelect({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange(v: string): void;
  error: unknown;
}) {
  const problem = problemFor(error, 'kind');
  return (
    <div className={problem ? 'field field--error' : 'field'}>
      <label className="field__label" htmlFor={id}>
        Loại cơ quan
      </label>
      {problem ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Lỗi: </span>
          {problem}
        </p>
      ) : null}
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {AGENCY_KIND_OPTIONS.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

type Form = Record<'name' | 'shortName' | 'kind' | 'parentCode' | 'unitCode' | 'email' | 'phone' | 'address', string>;

function AgencyFields({
  form,
  set,
  error,
  prefix,
}: {
  form: Form;
  set(patch: Partial<Form>): void;
  error: unknown;
  prefix: string;
}) {
  return (
    <div className="office-grid2">
      <Input
        id={`${prefix}-name`}
        name="name"
        label="Tên cơ quan"
        value={form.name}
        onChange={(v) => set({ name: v })}
        error={error}
      />
      <Input
        id={`${prefix}-short`}
        name="shortName"
        label="Tên viết tắt (không bắt buộc)"
        value={form.shortName}
        onChange={(v) => set({ shortName: v })}
        error={error}
      />
      <KindSelect id={`${prefix}-kind`} value={form.kind} onChange={(v) => set({ kind: v })} error={error} />
      <Input
        id={`${prefix}-parent`}
        name="parentCode"
        label="Mã cơ quan cấp trên"
        hint="Để trống nếu là cơ quan cấp 1"
        value={form.parentCode}
        onChange={(v) => set({ parentCode: v })}
        error={error}
      />
      <Input
        id={`${prefix}-unit`}
        name="unitCode"
        label="Mã đơn vị hành chính phục vụ (không bắt buộc)"
        hint="2 chữ số (tỉnh) hoặc 5 chữ số (xã)"
        value={form.unitCode}
        onChange={(v) => set({ unitCode: v })}
        error={error}
      />
      <Input
        id={`${prefix}-email`}
        name="email"
        type="email"
        label="Thư điện tử"
        value={form.email}
        onChange={(v) => set({ email: v })}
        error={error}
      />
      <Input
        id={`${prefix}-phone`}
        name="phone"
        label="Điện thoại"
        value={form.phone}
        onChange={(v) => set({ phone: v })}
        error={error}
      />
      <Input
        id={`${prefix}-address`}
        name="address"
        label="Địa chỉ"
        value={form.address}
        onChange={(v) => set({ address: v })}
        error={error}
      />
    </div>
  );
}

const emptyForm: Form = {
  name: '',
  shortName: '',
  kind: 'department',
  parentCode: '',
  unitCode: '',
  email: '',
  phone: '',
  address: '',
};

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function CreateAgency({ onCancel }: { onCancel(): void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [form, setForm] = useState<Form>(emptyForm);
  const [validFrom, setValidFrom] = useState('');
  const [reason, setReason] = useState('');
  const create = useMutation({
    mutationFn: () =>
      createAgency({
        code,
        name: form.name,
        kind: form.kind,
        shortName: orNull(form.shortName),
        parentCode: orNull(form.parentCode),
        unitCode: orNull(form.unitCode),
        email: orNull(form.email),
        phone: orNull(form.phone),
        address: orNull(form.address),
        reason,
        ...(validFrom ? { validFrom } : {}),
      }),
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agency-list'] });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agencies'] });
      navigate(`/quan-tri/co-quan/${a.code}`, { state: { created: true } });
    },
  });
  return (
    <section className="office-card" aria-labelledby="new-agency-h">
      <h2 className="office-h2" id="new-agency-h">
        Thêm cơ quan
      </h2>
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Input
          id="new-agency-code"
          name="code"
          label="Mã định danh điện tử"
          hint="Theo QCVN 102:2016/BTTTT (ví dụ 000.00.15.H99) hoặc Quyết định 20/2020/QĐ-TTg"
          value={code}
          onChange={setCode}
          error={create.error}
        />
        <AgencyFields
          form={form}
          set={(p) => setForm((f) => ({ ...f, ...p }))}
          error={create.error}
          prefix="new-agency"
        />
        <div className="office-grid2">
          <DateField
            id="new-agency-from"
            label="Có hiệu lực từ ngày"
            hint="Để trống: từ hôm nay"
            value={validFrom}
            onChange={setValidFrom}
            error={problemFor(create.error, 'validFrom')}
          />
          <Input
            id="new-agency-reason"
            name="reason"
            label="Văn bản thành lập, lý do"
            value={reason}
            onChange={setReason}
            error={create.error}
          />
        </div>
        <div className="office-inline">
          <Button type="submit" disabled={create.isPending}>
            Lưu cơ quan
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Hủy
          </Button>
        </div>
      </form>
    </section>
  );
}

export function AgencyPage() {
  const { code = '' } = useParams();
  const me = useOfficial();
  const detail = useQuery(agencyDetailQuery(code));
  if (detail.isPending) return <Loading label="Đang tải cơ quan…" />;
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />;
  const a = detail.data;
  return (
    <>
      <p className="small">
        <Link to="/quan-tri/co-quan">← Cơ quan, đơn vị</Link>
      </p>
      <OfficeTitle title={a.name} />
      <div className="catalog-layout catalog-layout--form">
        <div>
          <section className="office-card" aria-labelledby="agency-h">
            <h2 className="office-h2" id="agency-h">
              Thông tin hiện hành
            </h2>
            <dl className="catalog-dl">
              <dt>Mã định danh</dt>
              <dd>{a.code}</dd>
              <dt>Loại</dt>
              <dd>{a.kindLabel}</dd>
              <dt>Tên viết tắt</dt>
              <dd>{a.shortName ?? '—'}</dd>
              <dt>Cấp trên</dt>
              <dd>
                {a.ancestors.length === 0
                  ? '—'
                  : a.ancestors.map((x, i) => (
                      <span key={x.code}>
                        {i > 0 ? ' ‹ ' : ''}
                        <Link to={`/quan-tri/co-quan/${x.code}`}>{x.name}</Link>
                      </span>
                    ))}
              </dd>
              <dt>Đơn vị trực thuộc</dt>
              <dd>{a.childCount}</dd>
              <dt>Đơn vị hành chính</dt>
              <dd>{a.unitCode ?? '—'}</dd>
              <dt>Liên hệ</dt>
              <dd>{[a.email, a.phone, a.address].filter(Boolean).join(' · ') || '—'}</dd>
              <dt>Hiệu lực</dt>
              <dd>
                Từ {day(a.validFrom)}
                {a.validTo ? ` đến hết ${day(a.validTo)}` : ''}
              </dd>
            </dl>
          </section>
          <section className="office-card" aria-labelledby="agency-versions-h">
            <h2 className="office-h2" id="agency-versions-h">
              Các phiên bản ({a.versions.length})
            </h2>
            <ol className="catalog-versions">
              {a.versions.map((v) => (
                <li key={v.validFrom}>
                  <strong>
                    Từ {day(v.validFrom)}
                    {v.validTo ? ` đến ${day(v.validTo)}` : ''}
                  </strong>{' '}
                  {v.validFrom === a.validFrom ? <Tag tone="green">Đang xem</Tag> : null} {v.name}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div>
          {isProvinceAdmin(me) && a.validTo === null ? (
            <>
              <EditAgency agency={a} />
              <CloseAgency agency={a} />
            </>
          ) : (
            <p className="office-card small">
              {a.validTo ? 'Cơ quan đã có ngày hết hiệu lực.' : 'Chỉ quản trị viên cấp tỉnh sửa được danh mục cơ quan.'}
            </p>
          )}
        </div>
      </div>
    </>
  );
}

function EditAgency({ agency: a }: { agency: AgencyDetail }) {
  const queryClient = useQueryClient();
  const initial: Form = {
    name: a.name,
    shortName: a.shortName ?? '',
    kind: a.kind,
    parentCode: a.parentCode ?? '',
    unitCode: a.unitCode ?? '',
    email: a.email ?? '',
    phone: a.phone ?? '',
    address: a.address ?? '',
  };
  const [form, setForm] = useState<Form>(initial);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => {
      // Only what changed is sent: the server compares with the version it holds.
      const body: AgencyInput & { effectiveFrom?: string } = { reason };
      for (const k of Object.keys(form) as (keyof Form)[]) {
        if (form[k] === initial[k]) continue;
        (body as unknown as Record<string, unknown>)[k] = k === 'name' || k === 'kind' ? form[k] : orNull(form[k]);
      }
      if (effectiveFrom) body.effectiveFrom = effectiveFrom;
      return changeAgency(a.code, a.etag, body);
    },
    onSuccess: async () => {
      setReason('');
      setEffectiveFrom('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agency', a.code] });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agency-list'] });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agencies'] });
    },
  });
  return (
    <section className="office-card" aria-labelledby="edit-agency-h">
      <h2 className="office-h2" id="edit-agency-h">
        Sửa thông tin
      </h2>
      <p className="small">
        Thay đổi có hiệu lực từ ngày chọn (mặc định hôm nay): phiên bản cũ được giữ cho các hồ sơ đã tiếp nhận trước đó.
      </p>
      {save.isSuccess ? (
        <Alert tone="success" title="Đã lưu">
          <p>{save.data.mode === 'new_version' ? 'Đã tạo phiên bản mới.' : 'Đã sửa phiên bản bắt đầu hôm nay.'}</p>
        </Alert>
      ) : null}
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <AgencyFields
          form={form}
          set={(p) => setForm((f) => ({ ...f, ...p }))}
          error={save.error}
          prefix="edit-agency"
        />
        <div className="office-grid2">
          <DateField
            id="edit-agency-from"
            label="Có hiệu lực từ ngày"
            hint={`Để trống: từ hôm nay (${day(vietnamDate(new Date()))})`}
            value={effectiveFrom}
            onChange={setEffectiveFrom}
            error={problemFor(save.error, 'effectiveFrom')}
          />
          <Input
            id="edit-agency-reason"
            name="reason"
            label="Văn bản, lý do"
            value={reason}
            onChange={setReason}
            error={save.error}
          />
        </div>
        <Button type="submit" disabled={save.isPending}>
          Lưu thay đổi
        </Button>
      </form>
    </section>
  );
}

function CloseAgency({ agency: a }: { agency: AgencyDetail }) {
  const queryClient = useQueryClient();
  const [validTo, setValidTo] = useState('');
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () => closeAgency(a.code, a.etag, { validTo, reason }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agency', a.code] });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agency-list'] });
    },
  });
  return (
    <section className="office-card" aria-labelledby="close-agency-h">
      <h2 className="office-h2" id="close-agency-h">
        Giải thể, chấm dứt hoạt động
      </h2>
      {close.isSuccess ? (
        <Alert tone="success" title="Đã ghi ngày hết hiệu lực">
          <p>Cơ quan còn hiệu lực đến hết ngày {day(close.data.validTo)}.</p>
        </Alert>
      ) : null}
      {close.isError ? <ErrorAlert error={close.error} /> : null}
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (window.confirm(`Giải thể ${a.name} sau ngày ${validTo ? day(validTo) : '…'}?`)) close.mutate();
        }}
      >
        <div className="office-grid2">
          <DateField
            id="close-agency-to"
            label="Ngày cuối cùng còn hiệu lực"
            value={validTo}
            onChange={setValidTo}
            error={problemFor(close.error, 'validTo')}
          />
          <Input
            id="close-agency-reason"
            name="reason"
            label="Văn bản, lý do"
            value={reason}
            onChange={setReason}
            error={close.error}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={close.isPending}>
          Giải thể
        </Button>
      </form>
    </section>
  );
}
