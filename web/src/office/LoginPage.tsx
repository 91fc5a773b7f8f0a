/**
 * Officials' sign-in (issue 4's session): user name and password, then the authenticator code
 * when the account has a second factor. An account whose role requires a second factor but has
 * none yet enrols here first (QR code or the key typed in, then one code; recovery codes shown
 * once) — the server allows nothing else to that session until then.
 */
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../shared/api.ts';
import { Alert, Button, ErrorAlert, TextField } from '../shared/ui/index.ts';
import { QrImage } from '../shared/ui/QrImage.tsx';
import { OfficeTitle } from './OfficeLayout.tsx';
import { homeOf, type Me, meQuery } from './office.api.ts';

/** Only a path of the back office (no open redirect). */
function safeReturnTo(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  for (const ch of value) if (ch.charCodeAt(0) < 0x20) return '/';
  return value;
}

/**
 * An administrator without a dossier role has no queue: a return to the queues (the office's old
 * default) leads to Quản trị instead; any other page they asked for is kept.
 */
function landing(me: Me, returnTo: string): string {
  const queues = returnTo === '/' || returnTo.startsWith('/hang-doi');
  return queues && homeOf(me) === '/quan-tri' ? '/quan-tri' : returnTo;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [enrol, setEnrol] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const returnTo = safeReturnTo(params.get('returnTo'));

  async function done(me: Me) {
    queryClient.setQueryData(meQuery.queryKey, me);
    navigate(landing(me, returnTo), { replace: true });
  }

  async function onLogin(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<Me>('/api/v1/auth/login', {
        method: 'POST',
        body: { username: username.trim(), password, ...(needOtp && otp.trim() ? { otp: otp.trim() } : {}) },
      });
      if (me.mfaEnrolmentRequired) {
        setEnrol(
          await api<{ secret: string; otpauthUri: string }>('/api/v1/auth/mfa/enrol', { method: 'POST', body: {} }),
        );
        setOtp('');
      } else await done(me);
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'MFA_REQUIRED') {
        setNeedOtp(true);
        setTimeout(() => document.getElementById('login-otp')?.focus(), 0);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function onConfirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ recoveryCodes: string[] }>('/api/v1/auth/mfa/confirm', {
        method: 'POST',
        body: { code: otp.trim() },
      });
      setRecovery(r.recoveryCodes);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="office-login">
      <a className="skip-link" href="#main-content">
        Bỏ qua, đến nội dung chính
      </a>
      <header className="office-header">
        <span className="office-header__brand">Một cửa điện tử</span>
      </header>
      <main id="main-content" className="office-login__box">
        {recovery ? (
          <>
            <OfficeTitle title="Đã bật xác thực hai lớp" />
            <Alert tone="success" title="Lưu lại các mã khôi phục">
              <p>Mỗi mã dùng được một lần khi không có điện thoại. Mã chỉ hiện lần này.</p>
              <ul className="office-codes">
                {recovery.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ul>
            </Alert>
            <Button
              onClick={async () => {
                await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
                navigate(returnTo, { replace: true });
              }}
            >
              Tiếp tục
            </Button>
          </>
        ) : enrol ? (
          <>
            <OfficeTitle title="Đăng ký xác thực hai lớp" />
            <p>Vai trò của bạn bắt buộc xác thực hai lớp. Quét mã bằng ứng dụng xác thực hoặc nhập khóa bên dưới.</p>
            <QrImage value={enrol.otpauthUri} label="Mã QR đăng ký ứng dụng xác thực" size={180} />
            <p>
              Khóa: <code>{enrol.secret}</code>
            </p>
            {error ? <ErrorAlert error={error} /> : null}
            <form onSubmit={onConfirm} noValidate>
              <TextField
                id="login-otp"
                label="Mã 6 chữ số trên ứng dụng"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={otp}
                onChange={(e) => setOtp(e.target.value)}
              />
              <Button type="submit" disabled={busy}>
                Xác nhận
              </Button>
            </form>
          </>
        ) : (
          <>
            <OfficeTitle title="Đăng nhập cán bộ" />
            {error ? <ErrorAlert error={error} /> : null}
            <form onSubmit={onLogin} noValidate>
              <TextField
                label="Tên đăng nhập"
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoFocus
              />
              <TextField
                label="Mật khẩu"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              {needOtp ? (
                <TextField
                  id="login-otp"
                  label="Mã xác thực hai lớp"
                  hint="6 chữ số trên ứng dụng xác thực, hoặc một mã khôi phục"
                  autoComplete="one-time-code"
                  value={otp}
                  onChange={(e) => setOtp(e.target.value)}
                />
              ) : null}
              <Button type="submit" disabled={busy}>
                {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
              </Button>
            </form>
          </>
        )}
      </main>
    </div>
  );
}
