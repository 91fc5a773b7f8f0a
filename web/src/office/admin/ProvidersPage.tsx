/**
 * External identity providers citizens sign in with (the VNeID model; province administrators
 * only): list, declare one (issuer, the client id and secret the provider issued to the portal,
 * scopes, which claim carries the 12-digit personal identification number, which acr values mean
 * electronic identification level 1 and level 2 of Nghị định 69/2024/NĐ-CP, see sso.acr.ts), edit, enable
 * or disable, stop using. The secret is write-only: the server never returns it, so editing
 * leaves it unchanged unless a new one is typed. The page shows the address to register with the
 * provider (its redirect URI for this portal).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../shared/api.ts';
import { Checkbox } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Loading, Tag, TextField } from '../../shared/ui/index.ts';
import { dateTime } from '../format.ts';
import { OfficeTitle } from '../OfficeLayout.tsx';
import {
  createProvider,
  deleteProvider,
  type ExternalProvider,
  type NewProvider,
  patchProvider,
  providersQuery,
  words,
} from './admin.identity.api.ts';
import { problemsByField } from './identity.problems.ts';
import './identity.css';

const FIELDS = [
  'id',
  'name',
  'issuer',
  'clientId',
  'clientSecret',
  'scopes',
  'citizenIdClaim',
  'acrLevel1',
  'acrLevel2',
  'enabled',
] as const;

export function ProvidersPage() {
  const list = useQuery(providersQuery);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <>
      <OfficeTitle title="Nhà cung cấp định danh" />
      <p className="small muted">
        Các hệ thống định danh điện tử bên ngoài (như VNeID) mà công dân dùng để đăng nhập Cổng Dịch vụ công; tài khoản
        được liên kết theo số định danh cá nhân đã xác thực.
      </p>
      {saved ? (
        <Alert tone="success">
          <p>{saved}</p>
        </Alert>
      ) : null}
      {creating ? (
        <ProviderForm
          onCancel={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            setSaved(
              `Đã khai báo nhà cung cấp «${p.name}». Khai báo địa chỉ nhận kết quả ${p.redirectUri} với nhà cung cấp.`,
            );
          }}
        />
      ) : (
        <p>
          <Button
            variant="secondary"
            onClick={() => {
              setCreating(true);
              setEditing(null);
              setSaved(null);
            }}
          >
            Khai báo nhà cung cấp mới
          </Button>
        </p>
      )}
      {list.isPending ? <Loading label="Đang tải nhà cung cấp định danh…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Chưa khai báo nhà cung cấp định danh nào.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">Nhà cung cấp định danh ({list.data.items.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Nhà cung cấp</th>
                  <th scope="col">Kết nối</th>
                  <th scope="col">Mức định danh</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) =>
                  editing === p.id ? (
                    <tr key={p.id}>
                      <td colSpan={5}>
                        <ProviderForm
                          provider={p}
                          onCancel={() => setEditing(null)}
                          onSaved={(u) => {
                            setEditing(null);
                            setSaved(`Đã lưu nhà cung cấp «${u.name}».`);
                          }}
                        />
                      </td>
                    </tr>
                  ) : (
                    <ProviderRow
                      key={p.id}
                      provider={p}
                      onEdit={() => {
                        setEditing(p.id);
                        setCreating(false);
                        setSaved(null);
                      }}
                    />
                  ),
                )}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}

function ProviderRow({ provider: p, onEdit }: { provider: ExternalProvider; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: providersQuery.queryKey });
  const toggle = useMutation({ mutationFn: () => patchProvider(p.id, { enabled: !p.enabled }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => deleteProvider(p.id), onSuccess: refresh });
  return (
    <tr>
      <td>
        <strong>{p.name}</strong>
        <div className="small">
          Mã: <code>{p.id}</code>
        </div>
      </td>
      <td className="small identity-uris">
        <div>
          Issuer: <code>{p.issuer}</code>
        </div>
        <div>
          Client id: <code>{p.clientId}</code>
        </div>
        <div>Phạm vi: {p.scopes.join(' ')}</div>
        <div>
          Địa chỉ nhận kết quả: <code>{p.redirectUri}</code>
        </div>
      </td>
      <td className="small">
        <div>Số định danh trong: {p.citizenIdClaim}</div>
        <div>Mức 1: {p.acrLevel1.length > 0 ? p.acrLevel1.join(', ') : '—'}</div>
        <div>Mức 2: {p.acrLevel2.join(', ')}</div>
      </td>
      <td>
        {p.enabled ? <Tag tone="green">Đang dùng</Tag> : <Tag tone="grey">Tạm ngừng</Tag>}
        <div className="small muted">{dateTime(p.updatedAt)}</div>
      </td>
      <td>
        <div className="identity-row-actions">
          <button type="button" className="office-link-button" onClick={onEdit}>
            Sửa<span className="visually-hidden"> {p.name}</span>
          </button>
          <button
            type="button"
            className="office-link-button"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate()}
          >
            {p.enabled ? 'Tạm ngừng' : 'Bật lại'}
            <span className="visually-hidden"> {p.name}</span>
          </button>
          <button
            type="button"
            className="office-link-button"
            disabled={remove.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Ngừng dùng hẳn nhà cung cấp «${p.name}»? Công dân không đăng nhập qua nhà cung cấp này được nữa; tài khoản đã liên kết vẫn giữ.`,
                )
              )
                remove.mutate();
            }}
          >
            Xóa<span className="visually-hidden"> {p.name}</span>
          </button>
        </div>
        {toggle.isError ? <ErrorAlert error={toggle.error} /> : null}
        {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      </td>
    </tr>
  );
}

function ProviderForm({
  provider,
  onCancel,
  onSaved,
}: {
  provider?: ExternalProvider;
  onCancel: () => void;
  onSaved: (p: ExternalProvider) => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    id: provider?.id ?? '',
    name: provider?.name ?? '',
    issuer: provider?.issuer ?? '',
    clientId: provider?.clientId ?? '',
    clientSecret: '',
    scopes: (provider?.scopes ?? ['openid', 'profile']).join(' '),
    citizenIdClaim: provider?.citizenIdClaim ?? 'citizen_id',
    acrLevel1: (provider?.acrLevel1 ?? []).join(' '),
    acrLevel2: (provider?.acrLevel2 ?? []).join(' '),
  });
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const save = useMutation({
    mutationFn: () => {
      const body: Omit<NewProvider, 'id' | 'clientSecret'> & { clientSecret?: string } = {
        name: form.name.trim(),
        issuer: form.issuer.trim(),
        clientId: form.clientId.trim(),
        scopes: words(form.scopes),
        citizenIdClaim: form.citizenIdClaim.trim(),
        acrLevel1: words(form.acrLevel1),
        acrLevel2: words(form.acrLevel2),
        enabled,
      };
      // Write-only: an empty secret on edit keeps the stored one.
      if (form.clientSecret !== '' || !provider) body.clientSecret = form.clientSecret;
      if (provider) return patchProvider(provider.id, body);
      return createProvider({ ...body, id: form.id.trim(), clientSecret: form.clientSecret });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: providersQuery.queryKey });
      onSaved(saved);
    },
  });
  const errors =
    save.isError && save.error instanceof ApiError && save.error.problem.errors?.length
      ? problemsByField(save.error.problem.errors, FIELDS)
      : {};
  const hasFieldErrors = Object.keys(errors).some((k) => k !== '');
  const prefix = provider ? `edit-${provider.id}` : 'new-provider';
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  return (
    <section className="office-card" aria-labelledby={`${prefix}-title`}>
      <h2 className="office-h2" id={`${prefix}-title`}>
        {provider ? `Sửa nhà cung cấp «${provider.name}»` : 'Khai báo nhà cung cấp định danh'}
      </h2>
      {save.isError ? (
        hasFieldErrors ? (
          <Alert tone="error" title="Chưa lưu được nhà cung cấp">
            <p>Vui lòng sửa các trường được đánh dấu bên dưới.</p>
            {errors[''] ? <p>{errors['']}</p> : null}
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        )
      ) : null}
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="identity-grid">
          {provider ? null : (
            <TextField
              id={`${prefix}-id`}
              label="Mã nhà cung cấp"
              hint="Chữ thường không dấu, số, gạch ngang; ví dụ vneid. Dùng trong địa chỉ nhận kết quả, không đổi được"
              value={form.id}
              onChange={set('id')}
              error={errors.id}
              autoComplete="off"
            />
          )}
          <TextField
            id={`${prefix}-name`}
            label="Tên hiển thị"
            hint="Tên trên nút đăng nhập, ví dụ «Tài khoản định danh điện tử VNeID»"
            value={form.name}
            onChange={set('name')}
            error={errors.name}
            autoComplete="off"
          />
          <TextField
            id={`${prefix}-issuer`}
            label="Địa chỉ nhà cung cấp (issuer)"
            hint="Địa chỉ https; hệ thống đọc cấu hình tại /.well-known/openid-configuration"
            value={form.issuer}
            onChange={set('issuer')}
            error={errors.issuer}
            autoComplete="off"
          />
          <TextField
            id={`${prefix}-clientId`}
            label="Mã ứng dụng do nhà cung cấp cấp (client_id)"
            value={form.clientId}
            onChange={set('clientId')}
            error={errors.clientId}
            autoComplete="off"
          />
          <TextField
            id={`${prefix}-clientSecret`}
            label={provider ? 'Khóa bí mật mới (client_secret)' : 'Khóa bí mật (client_secret)'}
            hint={
              provider
                ? 'Không hiển thị khóa đang dùng. Để trống để giữ nguyên; nhập khóa mới để thay'
                : 'Ít nhất 8 ký tự; lưu niêm phong, không hiển thị lại'
            }
            type="password"
            autoComplete="new-password"
            value={form.clientSecret}
            onChange={set('clientSecret')}
            error={errors.clientSecret}
          />
          <TextField
            id={`${prefix}-scopes`}
            label="Phạm vi yêu cầu (scope)"
            hint="Cách nhau bởi dấu cách; luôn có openid"
            value={form.scopes}
            onChange={set('scopes')}
            error={errors.scopes}
            autoComplete="off"
          />
          <TextField
            id={`${prefix}-citizenIdClaim`}
            label="Trường chứa số định danh cá nhân (claim)"
            hint="Trường của ID token hoặc userinfo mang số định danh 12 chữ số"
            value={form.citizenIdClaim}
            onChange={set('citizenIdClaim')}
            error={errors.citizenIdClaim}
            autoComplete="off"
          />
          <TextField
            id={`${prefix}-acrLevel2`}
            label="Giá trị acr của định danh mức độ 2"
            hint="Cách nhau bởi dấu cách; ít nhất một giá trị. Dịch vụ yêu cầu mức 2 chỉ nhận các giá trị này"
            value={form.acrLevel2}
            onChange={set('acrLevel2')}
            error={errors.acrLevel2}
            autoComplete="off"
          />
          <TextField
            id={`${prefix}-acrLevel1`}
            label="Giá trị acr của định danh mức độ 1 (không bắt buộc)"
            hint="Cách nhau bởi dấu cách"
            value={form.acrLevel1}
            onChange={set('acrLevel1')}
            error={errors.acrLevel1}
            autoComplete="off"
          />
          <Checkbox
            id={`${prefix}-enabled`}
            label="Cho phép công dân đăng nhập qua nhà cung cấp này"
            checked={enabled}
            onChange={setEnabled}
            error={errors.enabled}
          />
        </div>
        {provider ? (
          <p className="small">
            Địa chỉ nhận kết quả khai báo với nhà cung cấp: <code>{provider.redirectUri}</code>
          </p>
        ) : null}
        <div className="identity-row-actions">
          <Button type="submit" disabled={save.isPending}>
            {provider ? 'Lưu thay đổi' : 'Khai báo nhà cung cấp'}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Hủy
          </Button>
        </div>
      </form>
    </section>
  );
}
