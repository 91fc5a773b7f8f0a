/**
 * Officials and their roles, within the administrator's reach (a province administrator sees
 * everyone; an agency administrator the officials of their agency and its units, as the server
 * decides): search, create an official, grant a role on an agency, revoke a grant.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Alert, Button, ErrorAlert, Loading, Tag, TextField } from '../../shared/ui/index.ts';
import { OfficeTitle, useOfficial } from '../OfficeLayout.tsx';
import { ROLE_LABELS } from '../office.api.ts';
import { type AccountRow, accountsQuery, agenciesQuery, createOfficial, grantRole, revokeRole } from './admin.api.ts';
import { Pager } from './admin.parts.tsx';

export function UsersPage() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useQuery(accountsQuery(q, offset));
  const agencies = useQuery(agenciesQuery);
  const names = agencies.data?.names ?? new Map<string, string>();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <OfficeTitle title="Người dùng và vai trò" />
      <form
        className="office-filters"
        aria-label="Tìm tài khoản cán bộ"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setQ(draft.trim());
        }}
      >
        <TextField
          id="users-q"
          type="search"
          label="Tìm cán bộ"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="office-filters__buttons">
          <Button type="submit">Tìm</Button>
          <Button variant="secondary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            Tạo tài khoản cán bộ
          </Button>
        </div>
      </form>
      {creating ? <CreateOfficial onDone={() => setCreating(false)} /> : null}
      {list.isPending ? <Loading label="Đang tải tài khoản…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Không có tài khoản nào.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">Tài khoản cán bộ ({list.data.total})</caption>
              <thead>
                <tr>
                  <th scope="col">Cán bộ</th>
                  <th scope="col">Cơ quan</th>
                  <th scope="col">Vai trò</th>
                  <th scope="col">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <UserRow key={a.id} account={a} names={names} />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {list.data && list.data.total > list.data.limit ? (
        <Pager offset={offset} size={20} total={list.data.total} onChange={setOffset} />
      ) : null}
    </>
  );
}

function UserRow({ account: a, names }: { account: AccountRow; names: Map<string, string> }) {
  const me = useOfficial();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState('specialist');
  const [agency, setAgency] = useState(a.agencyCode ?? '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'accounts'] });
  const grant = useMutation({
    mutationFn: () => grantRole(a.id, role, role === 'province_admin' ? null : agency.trim()),
    onSuccess: async () => {
      setOpen(false);
      await refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (grantId: string) => revokeRole(a.id, grantId), onSuccess: refresh });
  const roleOptions = Object.entries(ROLE_LABELS).filter(
    ([r]) => r !== 'province_admin' || me.roles.some((g) => g.role === 'province_admin'),
  );
  return (
    <tr>
      <td>
        <strong>{a.name}</strong>
        <div className="small muted">
          {a.username}
          {a.position ? ` · ${a.position}` : ''}
        </div>
      </td>
      <td>{a.agencyCode ? (names.get(a.agencyCode) ?? a.agencyCode) : '—'}</td>
      <td>
        <ul className="admin-versions">
          {a.roles.map((g) => (
            <li key={g.id ?? g.role}>
              {ROLE_LABELS[g.role] ?? g.role}
              {g.agencyCode ? <span className="small"> — {names.get(g.agencyCode) ?? g.agencyCode}</span> : null}
              {g.id ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="office-link-button"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Thu hồi vai trò ${ROLE_LABELS[g.role] ?? g.role} của ${a.name}?`))
                        revoke.mutate(g.id!);
                    }}
                  >
                    Thu hồi<span className="visually-hidden"> vai trò {ROLE_LABELS[g.role] ?? g.role}</span>
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {revoke.isError ? <ErrorAlert error={revoke.error} /> : null}
        {open ? (
          <form
            className="admin-grant"
            aria-label={`Gán vai trò cho ${a.name}`}
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              grant.mutate();
            }}
          >
            {grant.isError ? <ErrorAlert error={grant.error} /> : null}
            <div className="field">
              <label className="field__label" htmlFor={`grant-role-${a.id}`}>
                Vai trò
              </label>
              <select
                id={`grant-role-${a.id}`}
                className="select"
                value={role}
                onChange={(e) => setRole(e.target.value)}
              >
                {roleOptions.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {role !== 'province_admin' ? (
              <div className="field">
                <label className="field__label" htmlFor={`grant-agency-${a.id}`}>
                  Trên cơ quan (mã)
                </label>
                <input
                  id={`grant-agency-${a.id}`}
                  className="input"
                  value={agency}
                  onChange={(e) => setAgency(e.target.value)}
                />
              </div>
            ) : null}
            <Button type="submit" disabled={grant.isPending}>
              Gán
            </Button>
          </form>
        ) : (
          <button type="button" className="office-link-button" onClick={() => setOpen(true)}>
            Gán vai trò<span className="visually-hidden"> cho {a.name}</span>
          </button>
        )}
      </td>
      <td>
        {a.disabled ? <Tag tone="red">Đã khóa</Tag> : <Tag tone="green">Hoạt động</Tag>}
        {a.mfaEnrolled ? <div className="small">Có xác thực hai lớp</div> : null}
      </td>
    </tr>
  );
}

function CreateOfficial({ onDone }: { onDone: () => void }) {
  const me = useOfficial();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    username: '',
    name: '',
    agencyCode: me.agencyCode ?? '',
    position: '',
    email: '',
    password: '',
  });
  const create = useMutation({
    mutationFn: () =>
      createOfficial({
        username: form.username.trim(),
        name: form.name.trim(),
        agencyCode: form.agencyCode.trim(),
        password: form.password,
        ...(form.position.trim() ? { position: form.position.trim() } : {}),
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
      }),
    onSuccess: async () => {
      setForm((f) => ({ ...f, username: '', name: '', position: '', email: '', password: '' }));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'accounts'] });
    },
  });
  const field = (key: keyof typeof form, label: string, type = 'text', hint?: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`new-${key}`}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={`new-${key}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={`new-${key}`}
        className="input"
        type={type}
        aria-describedby={hint ? `new-${key}-hint` : undefined}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <section className="office-card" aria-labelledby="new-official">
      <h2 className="office-h2" id="new-official">
        Tạo tài khoản cán bộ
      </h2>
      {create.isSuccess ? (
        <Alert tone="success">
          <p>
            Đã tạo tài khoản {create.data.username}. Gán vai trò cho tài khoản trong danh sách dưới đây.{' '}
            <button type="button" className="office-link-button" onClick={onDone}>
              Đóng
            </button>
          </p>
        </Alert>
      ) : null}
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <div className="admin-step__grid">
          {field('username', 'Tên đăng nhập')}
          {field('name', 'Họ và tên')}
          {field('agencyCode', 'Mã cơ quan')}
          {field('position', 'Chức vụ (không bắt buộc)')}
          {field('email', 'Thư điện tử (không bắt buộc)', 'email')}
          {field('password', 'Mật khẩu ban đầu', 'password', 'Ít nhất 10 ký tự, không phải mật khẩu phổ biến')}
        </div>
        <Button type="submit" disabled={create.isPending}>
          Tạo tài khoản
        </Button>
      </form>
    </section>
  );
}
