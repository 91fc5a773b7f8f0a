/**
 * The few server-rendered pages of the provider: the sign-in form (Vietnamese, accessible labels,
 * no script), logout confirmation and error pages. Styles are inline (CSP allows inline styles,
 * not scripts).
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f5f5f5;color:#1b1b1b;margin:0;line-height:1.5}
main{max-width:26rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.4rem;color:#a5141b;margin-top:0}label{display:block;margin-top:1rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #767676;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #1a5fb4;outline-offset:2px}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;border:0;border-radius:4px;background:#a5141b;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1b1b1b;border:1px solid #767676}
.error{background:#fdecea;border-left:4px solid #a5141b;padding:.5rem 1rem;margin:1rem 0}
.hint{font-size:.9rem;color:#444}.alt{margin-top:1.5rem;border-top:1px solid #ddd;padding-top:1rem}
.alt a{display:block;text-align:center;padding:.6rem;border:1px solid #1a5fb4;border-radius:4px;color:#1a5fb4;text-decoration:none;margin-top:.5rem}`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — tinhso</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface LoginPageInput {
  action: string;
  abortAction: string;
  csrf: string;
  clientName: string;
  username?: string;
  error?: string;
  needOtp: boolean;
  externalProviders: { name: string; url: string }[];
}

export function loginPage(p: LoginPageInput): string {
  const errorBlock = p.error ? `<div class="error" role="alert" id="login-error">${escapeHtml(p.error)}</div>` : '';
  const describedBy = p.error ? ' aria-describedby="login-error"' : '';
  const otp = p.needOtp
    ? `<label for="otp">Mã xác thực (OTP)</label>
<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6,8}" required aria-describedby="otp-hint">
<p class="hint" id="otp-hint">Nhập mã 6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục.</p>`
    : '';
  const alternatives =
    p.externalProviders.length > 0
      ? `<div class="alt"><p>Công dân, tổ chức có thể đăng nhập bằng tài khoản định danh điện tử:</p>
${p.externalProviders.map((x) => `<a href="${escapeHtml(x.url)}">Đăng nhập bằng ${escapeHtml(x.name)}</a>`).join('\n')}</div>`
      : '';
  return layout(
    'Đăng nhập',
    `<h1>Đăng nhập</h1>
<p>Đăng nhập một lần để sử dụng <strong>${escapeHtml(p.clientName)}</strong>.</p>
${errorBlock}
<form method="post" action="${escapeHtml(p.action)}" novalidate>
<input type="hidden" name="csrf" value="${escapeHtml(p.csrf)}">
<label for="username">Tên đăng nhập</label>
<input id="username" name="username" type="text" autocomplete="username" required value="${escapeHtml(p.username ?? '')}"${describedBy}${p.needOtp ? '' : ' autofocus'}>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${otp}
<button type="submit">Đăng nhập</button>
</form>
<form method="post" action="${escapeHtml(p.abortAction)}">
<input type="hidden" name="csrf" value="${escapeHtml(p.csrf)}">
<button type="submit" class="secondary">Hủy, quay lại ứng dụng</button>
</form>
${alternatives}`,
  );
}

export function messagePage(title: string, message: string, details: Record<string, string> = {}): string {
  const rows = Object.entries(details)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(v)}</code></dd>`)
    .join('');
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${rows ? `<dl>${rows}</dl>` : ''}`);
}

/** The provider's RP-initiated logout confirmation; `form` is the provider's hidden form. */
export function logoutPage(host: string, form: string): string {
  return layout(
    'Đăng xuất',
    `<h1>Đăng xuất</h1><p>Bạn có muốn đăng xuất khỏi ${escapeHtml(host)} và các ứng dụng đã đăng nhập một lần không?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Có, đăng xuất</button>
<button type="submit" class="secondary" form="op.logoutForm">Không, giữ đăng nhập</button>`,
  );
}
