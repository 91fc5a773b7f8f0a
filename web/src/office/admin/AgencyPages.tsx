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
import { formatDate, vietnamDate } from '../../shared/format.ts';
import { Alert, Button, ErrorAlert, Loading, Select, Tag, TextField } from '../../shared/ui/index.ts';
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
import { BodyField, problemFor } from './admin.parts.tsx';
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
        <TextField
          id="agency-q"
          type="search"
          label="Tìm cơ quan"
          hint="Tên, tên viết tắt hoặc mã định danh, có hoặc không dấu"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
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

const KIND_OPTIONS = AGENCY_KIND_OPTIONS.map(([value, label]) => ({ value, label }));

type Form = Record<'name' | 'shortName' | 'kind' | 'parentCode' | 'unitCode' | 'email' | 'phone' | 'address', string>;

/** The agency's text inputs in the form's order (the kind's select stands after the first two). */
const TEXT_FIELDS: { key: Exclude<keyof Form, 'kind'>; id: string; label: string; hint?: string; type?: string }[] = [
  { key: 'name', id: 'name', label: 'Tên cơ quan' },
  { key: 'shortName', id: 'short', label: 'Tên viết tắt (không bắt buộc)' },
  { key: 'parentCode', id: 'parent', label: 'Mã cơ quan cấp trên', hint: 'Để trống nếu là cơ quan cấp 1' },
  {
    key: 'unitCode',
    id: 'unit',
    label: 'Mã đơn vị hành chính phục vụ (không bắt buộc)',
    hint: '2 chữ số (tỉnh) hoặc 5 chữ số (xã)',
  },
  { key: 'email', id: 'email', label: 'Thư điện tử', type: 'email' },
  { key: 'phone', id: 'phone', label: 'Điện thoại' },
  { key: 'address', id: 'address', label: 'Địa chỉ' },
];

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
  const text = (f: (typeof TEXT_FIELDS)[number]) => (
    <BodyField
      key={f.key}
      id={`${prefix}-${f.id}`}
      name={f.key}
      label={f.label}
      hint={f.hint}
      type={f.type ?? 'text'}
      value={form[f.key]}
      onChange={(v) => set({ [f.key]: v })}
      error={error}
    />
  );
  return (
    <div className="office-grid2">
      {TEXT_FIELDS.slice(0, 2).map(text)}
      <Select
        id={`${prefix}-kind`}
        label="Loại cơ quan"
        options={KIND_OPTIONS}
        value={form.kind}
        onChange={(e) => set({ kind: e.target.value })}
        error={problemFor(error, 'kind')}
      />
      {TEXT_FIELDS.slice(2).map(text)}
    </div>
  );
}

/** The date a write takes effect from (or ends on) and the act or reason behind it, side by side. */
function DateAndReason({
  prefix,
  dateName,
  dateLabel,
  dateHint,
  date,
  onDate,
  reasonLabel,
  reason,
  onReason,
  error,
}: {
  prefix: string;
  dateName: string;
  dateLabel: string;
  dateHint?: string;
  date: string;
  onDate(v: string): void;
  reasonLabel: string;
  reason: string;
  onReason(v: string): void;
  error: unknown;
}) {
  return (
    <div className="office-grid2">
      <DateField
        id={`${prefix}-${dateName === 'validTo' ? 'to' : 'from'}`}
        label={dateLabel}
        hint={dateHint}
        value={date}
        onChange={onDate}
        error={problemFor(error, dateName)}
      />
      <BodyField
        id={`${prefix}-reason`}
        name="reason"
        label={reasonLabel}
        value={reason}
        onChange={onReason}
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
        <BodyField
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
        <DateAndReason
          prefix="new-agency"
          dateName="validFrom"
          dateLabel="Có hiệu lực từ ngày"
          dateHint="Để trống: từ hôm nay"
          date={validFrom}
          onDate={setValidFrom}
          reasonLabel="Văn bản thành lập, lý do"
          reason={reason}
          onReason={setReason}
          error={create.error}
        />
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
        <DateAndReason
          prefix="edit-agency"
          dateName="effectiveFrom"
          dateLabel="Có hiệu lực từ ngày"
          dateHint={`Để trống: từ hôm nay (${day(vietnamDate(new Date()))})`}
          date={effectiveFrom}
          onDate={setEffectiveFrom}
          reasonLabel="Văn bản, lý do"
          reason={reason}
          onReason={setReason}
          error={save.error}
        />
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
        <DateAndReason
          prefix="close-agency"
          dateName="validTo"
          dateLabel="Ngày cuối cùng còn hiệu lực"
          date={validTo}
          onDate={setValidTo}
          reasonLabel="Văn bản, lý do"
          reason={reason}
          onReason={setReason}
          error={close.error}
        />
        <Button type="submit" variant="secondary" disabled={close.isPending}>
          Giải thể
        </Button>
      </form>
    </section>
  );
}
