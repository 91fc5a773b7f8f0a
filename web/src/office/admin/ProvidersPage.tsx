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
import { useState } from 'react';
import { Checkbox } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Tag, TextField } from '../../shared/ui/index.ts';
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
import { fieldErrors, IdentityFormCard, IdentityTable } from './identity.form.tsx';
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
      <IdentityTable
        list={list}
        loadingLabel="Đang tải nhà cung cấp định danh…"
        emptyText="Chưa khai báo nhà cung cấp định danh nào."
        caption="Nhà cung cấp định danh"
        columns={['Nhà cung cấp', 'Kết nối', 'Mức định danh', 'Trạng thái', 'Thao tác']}
        keyOf={(p) => p.id}
        editing={editing}
        form={(p) => (
          <ProviderForm
            provider={p}
            onCancel={() => setEditing(null)}
            onSaved={(u) => {
              setEditing(null);
              setSaved(`Đã lưu nhà cung cấp «${u.name}».`);
            }}
          />
        )}
        row={(p) => (
          <ProviderRow
            provider={p}
            onEdit={() => {
              setEditing(p.id);
              setCreating(false);
              setSaved(null);
            }}
          />
        )}
      />
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

/** The provider's text inputs in the form's order (the id, only when declaring, stands first). */
function textFields(provider: ExternalProvider | undefined): {
  key: Exclude<(typeof FIELDS)[number], 'id' | 'enabled'>;
  label: string;
  hint?: string;
}[] {
  return [
    { key: 'name', label: 'Tên hiển thị', hint: 'Tên trên nút đăng nhập, ví dụ «Tài khoản định danh điện tử VNeID»' },
    {
      key: 'issuer',
      label: 'Địa chỉ nhà cung cấp (issuer)',
      hint: 'Địa chỉ https; hệ thống đọc cấu hình tại /.well-known/openid-configuration',
    },
    { key: 'clientId', label: 'Mã ứng dụng do nhà cung cấp cấp (client_id)' },
    {
      key: 'clientSecret',
      label: provider ? 'Khóa bí mật mới (client_secret)' : 'Khóa bí mật (client_secret)',
      hint: provider
        ? 'Không hiển thị khóa đang dùng. Để trống để giữ nguyên; nhập khóa mới để thay'
        : 'Ít nhất 8 ký tự; lưu niêm phong, không hiển thị lại',
    },
    { key: 'scopes', label: 'Phạm vi yêu cầu (scope)', hint: 'Cách nhau bởi dấu cách; luôn có openid' },
    {
      key: 'citizenIdClaim',
      label: 'Trường chứa số định danh cá nhân (claim)',
      hint: 'Trường của ID token hoặc userinfo mang số định danh 12 chữ số',
    },
    {
      key: 'acrLevel2',
      label: 'Giá trị acr của định danh mức độ 2',
      hint: 'Cách nhau bởi dấu cách; ít nhất một giá trị. Dịch vụ yêu cầu mức 2 chỉ nhận các giá trị này',
    },
    {
      key: 'acrLevel1',
      label: 'Giá trị acr của định danh mức độ 1 (không bắt buộc)',
      hint: 'Cách nhau bởi dấu cách',
    },
  ];
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
  const errors = save.isError ? fieldErrors(save.error, FIELDS) : {};
  const prefix = provider ? `edit-${provider.id}` : 'new-provider';
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  return (
    <IdentityFormCard
      prefix={prefix}
      title={provider ? `Sửa nhà cung cấp «${provider.name}»` : 'Khai báo nhà cung cấp định danh'}
      failedTitle="Chưa lưu được nhà cung cấp"
      save={save}
      errors={errors}
      submitLabel={provider ? 'Lưu thay đổi' : 'Khai báo nhà cung cấp'}
      onCancel={onCancel}
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
        {textFields(provider).map((f) => (
          <TextField
            key={f.key}
            id={`${prefix}-${f.key}`}
            label={f.label}
            hint={f.hint}
            type={f.key === 'clientSecret' ? 'password' : undefined}
            autoComplete={f.key === 'clientSecret' ? 'new-password' : 'off'}
            value={form[f.key]}
            onChange={set(f.key)}
            error={errors[f.key]}
          />
        ))}
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
    </IdentityFormCard>
  );
}
