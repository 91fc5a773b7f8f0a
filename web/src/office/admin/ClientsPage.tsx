/**
 * Applications that sign their users in through the province's single sign-on (OIDC clients,
 * province administrators only): list, register one (redirect addresses, sign-out addresses,
 * back-channel logout, how it authenticates at the token endpoint), edit, issue a new secret and
 * delete. The secret is shown once — when the application is created or its secret re-issued —
 * because the server keeps only a sealed copy (sso.service.ts); the page says so and offers a
 * copy button. The server checks every address (RFC 9700 §4.1: exact, absolute, no fragment, no
 * wildcard, TLS) and its problems are shown against the inputs they are about.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Textarea } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Loading, Select, TextField } from '../../shared/ui/index.ts';
import { dateTime } from '../format.ts';
import { OfficeTitle } from '../OfficeLayout.tsx';
import {
  AUTH_METHOD_LABELS,
  type AuthMethod,
  clientsQuery,
  createClient,
  deleteClient,
  KEY_STATE_LABELS,
  lines,
  type OidcClient,
  type OidcClientWithSecret,
  patchClient,
  rotateClientSecret,
  rotateSigningKeys,
  signingKeysQuery,
} from './admin.identity.api.ts';
import { fieldErrors, IdentityFormCard, IdentityTable } from './identity.form.tsx';
import './identity.css';

const FIELDS = [
  'clientId',
  'name',
  'redirectUris',
  'postLogoutRedirectUris',
  'backchannelLogoutUri',
  'tokenEndpointAuthMethod',
] as const;

export function ClientsPage() {
  const list = useQuery(clientsQuery);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ client: OidcClientWithSecret; rotated: boolean } | null>(null);

  return (
    <>
      <OfficeTitle title="Ứng dụng đăng nhập một lần" />
      <p className="small muted">
        Các ứng dụng (cổng, phần mềm chuyên ngành) dùng tài khoản của tỉnh để đăng nhập theo chuẩn OpenID Connect.
      </p>
      {secret ? <SecretOnce {...secret} onClose={() => setSecret(null)} /> : null}
      {creating ? (
        <ClientForm
          onCancel={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            setSecret({ client: c as OidcClientWithSecret, rotated: false });
          }}
        />
      ) : (
        <p>
          <Button
            variant="secondary"
            onClick={() => {
              setCreating(true);
              setEditing(null);
            }}
          >
            Đăng ký ứng dụng mới
          </Button>
        </p>
      )}
      <IdentityTable
        list={list}
        loadingLabel="Đang tải danh sách ứng dụng…"
        emptyText="Chưa có ứng dụng nào."
        caption="Ứng dụng đăng nhập một lần"
        columns={['Ứng dụng', 'Địa chỉ chuyển hướng', 'Xác thực', 'Cập nhật', 'Thao tác']}
        keyOf={(c) => c.clientId}
        editing={editing}
        form={(c) => <ClientForm client={c} onCancel={() => setEditing(null)} onSaved={() => setEditing(null)} />}
        row={(c) => (
          <ClientRow
            client={c}
            onEdit={() => {
              setEditing(c.clientId);
              setCreating(false);
            }}
            onRotated={(r) => setSecret({ client: r, rotated: true })}
          />
        )}
      />
      <SigningKeys />
    </>
  );
}

/**
 * The OIDC server's signing keys (public facts only). Rotating makes the next key sign; the old
 * one stays published so tokens it signed still verify until they expire.
 */
function SigningKeys() {
  const keys = useQuery(signingKeysQuery);
  const queryClient = useQueryClient();
  const rotate = useMutation({
    mutationFn: rotateSigningKeys,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: signingKeysQuery.queryKey }),
  });
  return (
    <section className="office-card" aria-labelledby="keys-title">
      <h2 className="office-h2" id="keys-title">
        Khóa ký của máy chủ đăng nhập
      </h2>
      <p className="small muted">
        Khóa ký ID token và access token. Xoay vòng khóa: khóa kế tiếp bắt đầu ký, khóa cũ vẫn được công bố để kiểm tra
        các token đã cấp.
      </p>
      {keys.isPending ? <Loading label="Đang tải khóa ký…" /> : null}
      {keys.isError ? <ErrorAlert error={keys.error} onRetry={() => keys.refetch()} /> : null}
      {keys.data ? (
        <div className="table-wrap">
          <table className="table office-table identity-keys">
            <caption className="visually-hidden">Khóa ký</caption>
            <thead>
              <tr>
                <th scope="col">Mã khóa (kid)</th>
                <th scope="col">Thuật toán</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Tạo lúc</th>
                <th scope="col">Bắt đầu ký</th>
                <th scope="col">Thôi ký</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <tr key={k.kid}>
                  <td>
                    <code>{k.kid}</code>
                  </td>
                  <td>{k.alg}</td>
                  <td>{KEY_STATE_LABELS[k.state]}</td>
                  <td className="small">{dateTime(k.createdAt)}</td>
                  <td className="small">{k.activatedAt ? dateTime(k.activatedAt) : '—'}</td>
                  <td className="small">{k.retiredAt ? dateTime(k.retiredAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rotate.isError ? <ErrorAlert error={rotate.error} /> : null}
      {rotate.isSuccess ? (
        <p role="status" className="small">
          Đã xoay vòng: khóa {rotate.data.active} đang ký.
        </p>
      ) : null}
      <Button
        variant="secondary"
        disabled={rotate.isPending}
        onClick={() => {
          if (window.confirm('Xoay vòng khóa ký ngay? Các ứng dụng sẽ nhận khóa mới qua địa chỉ JWKS.'))
            rotate.mutate();
        }}
      >
        Xoay vòng khóa ký
      </Button>
    </section>
  );
}

function ClientRow({
  client: c,
  onEdit,
  onRotated,
}: {
  client: OidcClient;
  onEdit: () => void;
  onRotated: (c: OidcClientWithSecret) => void;
}) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: clientsQuery.queryKey });
  const rotate = useMutation({
    mutationFn: () => rotateClientSecret(c.clientId),
    onSuccess: async (r) => {
      onRotated(r);
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => deleteClient(c.clientId), onSuccess: refresh });
  const isPublic = c.tokenEndpointAuthMethod === 'none';
  return (
    <tr>
      <td>
        <strong>{c.name}</strong>
        <div className="small">
          Mã ứng dụng: <code>{c.clientId}</code>
        </div>
      </td>
      <td>
        <ul className="admin-versions identity-uris">
          {c.redirectUris.map((u) => (
            <li key={u}>
              <code>{u}</code>
            </li>
          ))}
        </ul>
        {c.postLogoutRedirectUris.length > 0 ? (
          <div className="small muted">Sau đăng xuất: {c.postLogoutRedirectUris.join(', ')}</div>
        ) : null}
        {c.backchannelLogoutUri ? (
          <div className="small muted">Đăng xuất kênh sau: {c.backchannelLogoutUri}</div>
        ) : null}
      </td>
      <td className="small">{isPublic ? 'Công khai (PKCE)' : c.tokenEndpointAuthMethod}</td>
      <td className="small">{dateTime(c.updatedAt)}</td>
      <td>
        <div className="identity-row-actions">
          <button type="button" className="office-link-button" onClick={onEdit}>
            Sửa<span className="visually-hidden"> ứng dụng {c.name}</span>
          </button>
          {isPublic ? null : (
            <button
              type="button"
              className="office-link-button"
              disabled={rotate.isPending}
              onClick={() => {
                if (
                  window.confirm(
                    `Cấp lại khóa bí mật của «${c.name}»? Khóa cũ hết hiệu lực ngay; ứng dụng phải được cấu hình khóa mới.`,
                  )
                )
                  rotate.mutate();
              }}
            >
              Cấp lại khóa bí mật<span className="visually-hidden"> của {c.name}</span>
            </button>
          )}
          <button
            type="button"
            className="office-link-button"
            disabled={remove.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Xóa ứng dụng «${c.name}» (${c.clientId})? Mọi mã và token đã cấp cho ứng dụng hết hiệu lực; không hoàn tác được.`,
                )
              )
                remove.mutate();
            }}
          >
            Xóa<span className="visually-hidden"> ứng dụng {c.name}</span>
          </button>
        </div>
        {rotate.isError ? <ErrorAlert error={rotate.error} /> : null}
        {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      </td>
    </tr>
  );
}

/** The secret of a new or re-issued application: shown here once, never again. */
function SecretOnce({
  client,
  rotated,
  onClose,
}: {
  client: OidcClientWithSecret;
  rotated: boolean;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const title = rotated ? `Đã cấp khóa bí mật mới cho «${client.name}»` : `Đã đăng ký ứng dụng «${client.name}»`;
  if (client.clientSecret === null) {
    return (
      <Alert tone="success" title={title}>
        <p>
          Mã ứng dụng: <code>{client.clientId}</code>. Ứng dụng công khai không có khóa bí mật; ứng dụng phải dùng PKCE.
        </p>
        <Button variant="secondary" onClick={onClose}>
          Đóng
        </Button>
      </Alert>
    );
  }
  const secret = client.clientSecret;
  return (
    <Alert tone="warning" title={title}>
      <p>
        <strong>Khóa bí mật chỉ hiển thị một lần này.</strong> Hệ thống chỉ lưu bản niêm phong, không xem lại được. Hãy
        sao chép và cấu hình vào ứng dụng ngay; nếu mất, phải cấp lại khóa mới.
      </p>
      <dl className="office-dl identity-secret">
        <div>
          <dt>Mã ứng dụng (client_id)</dt>
          <dd>
            <code>{client.clientId}</code>
          </dd>
        </div>
        <div>
          <dt>Khóa bí mật (client_secret)</dt>
          <dd>
            <code data-testid="client-secret">{secret}</code>
          </dd>
        </div>
      </dl>
      <div className="identity-row-actions">
        <Button
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied('yes');
            } catch {
              setCopied('no');
            }
          }}
        >
          Sao chép khóa bí mật
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Tôi đã lưu khóa, đóng
        </Button>
      </div>
      <p role="status" className="small">
        {copied === 'yes' ? 'Đã sao chép khóa vào bộ nhớ tạm.' : null}
        {copied === 'no' ? 'Trình duyệt không cho sao chép: hãy chọn khóa và sao chép thủ công.' : null}
      </p>
    </Alert>
  );
}

/** Registers a new application, or edits one (its id and authentication method stay). */
function ClientForm({
  client,
  onCancel,
  onSaved,
}: {
  client?: OidcClient;
  onCancel: () => void;
  onSaved: (c: OidcClient) => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    clientId: client?.clientId ?? '',
    name: client?.name ?? '',
    redirectUris: (client?.redirectUris ?? []).join('\n'),
    postLogoutRedirectUris: (client?.postLogoutRedirectUris ?? []).join('\n'),
    backchannelLogoutUri: client?.backchannelLogoutUri ?? '',
    tokenEndpointAuthMethod: (client?.tokenEndpointAuthMethod ?? 'client_secret_basic') as AuthMethod,
  });
  const save = useMutation({
    mutationFn: () => {
      const common = {
        name: form.name.trim(),
        redirectUris: lines(form.redirectUris),
        postLogoutRedirectUris: lines(form.postLogoutRedirectUris),
        backchannelLogoutUri: form.backchannelLogoutUri.trim() || null,
      };
      if (client) return patchClient(client.clientId, common);
      return createClient({
        ...common,
        ...(form.clientId.trim() ? { clientId: form.clientId.trim() } : {}),
        tokenEndpointAuthMethod: form.tokenEndpointAuthMethod,
      });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: clientsQuery.queryKey });
      onSaved(saved);
    },
  });
  const errors = save.isError ? fieldErrors(save.error, FIELDS) : {};
  const prefix = client ? `edit-${client.clientId}` : 'new-client';
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  /** An input's id, value, change and the server's problem about it. */
  const bind = (key: Exclude<keyof typeof form, 'tokenEndpointAuthMethod'>) => ({
    id: `${prefix}-${key}`,
    value: form[key],
    onChange: set(key),
    error: errors[key],
  });

  return (
    <IdentityFormCard
      prefix={prefix}
      title={client ? `Sửa ứng dụng «${client.name}»` : 'Đăng ký ứng dụng mới'}
      failedTitle="Chưa lưu được ứng dụng"
      save={save}
      errors={errors}
      submitLabel={client ? 'Lưu thay đổi' : 'Đăng ký ứng dụng'}
      onCancel={onCancel}
    >
      <div className="identity-grid">
        {client ? null : (
          <TextField
            {...bind('clientId')}
            label="Mã ứng dụng (client_id, không bắt buộc)"
            hint="Chữ thường không dấu, số, dấu chấm, gạch ngang; để trống để hệ thống tự sinh"
            autoComplete="off"
          />
        )}
        <TextField {...bind('name')} label="Tên ứng dụng" hint="Tên người dùng thấy khi đăng nhập" autoComplete="off" />
        <Textarea
          {...bind('redirectUris')}
          label="Địa chỉ chuyển hướng sau đăng nhập (redirect_uri)"
          hint="Mỗi dòng một địa chỉ đầy đủ, khớp chính xác; https, không có «#» và «*»"
          rows={3}
        />
        <Textarea
          {...bind('postLogoutRedirectUris')}
          label="Địa chỉ quay về sau đăng xuất (không bắt buộc)"
          hint="Mỗi dòng một địa chỉ"
          rows={2}
        />
        <TextField
          {...bind('backchannelLogoutUri')}
          label="Địa chỉ nhận thông báo đăng xuất kênh sau (không bắt buộc)"
          hint="Máy chủ gọi địa chỉ này khi người dùng đăng xuất khỏi tài khoản tỉnh"
          autoComplete="off"
        />
        {client ? null : (
          <Select
            id={`${prefix}-tokenEndpointAuthMethod`}
            label="Cách ứng dụng xác thực khi lấy token"
            options={Object.entries(AUTH_METHOD_LABELS).map(([value, label]) => ({ value, label }))}
            value={form.tokenEndpointAuthMethod}
            onChange={(e) => setForm({ ...form, tokenEndpointAuthMethod: e.target.value as AuthMethod })}
            error={errors.tokenEndpointAuthMethod}
          />
        )}
      </div>
      <p className="small muted">
        Mọi ứng dụng dùng luồng mã xác thực (authorization_code) bắt buộc PKCE và làm mới token (refresh_token); phạm vi
        có thể xin: openid, offline_access, profile, email, phone, tinhso.
      </p>
    </IdentityFormCard>
  );
}
