/**
 * Pure checks on addresses: registered redirect URIs (RFC 9700 §4.1: exact, absolute, no
 * fragment, no wildcard, TLS unless loopback) and `returnTo` paths (no open redirect: only a
 * path on this origin).
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Null when the URI may be registered, else the Vietnamese reason. */
export function redirectUriProblem(value: string, options: { production: boolean }): string | null {
  if (value.includes('*')) return 'không được chứa ký tự đại diện «*»';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'không phải địa chỉ URL tuyệt đối';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'phải dùng giao thức https';
  if (url.protocol === 'http:' && options.production && !LOOPBACK.has(url.hostname)) {
    return 'phải dùng https (http chỉ được dùng với localhost)';
  }
  if (value.includes('#')) return 'không được chứa phần «#…» (fragment)';
  if (url.username || url.password) return 'không được chứa tên người dùng hoặc mật khẩu';
  if (url.href !== value && `${url.href}` !== `${value}/`) return 'phải ở dạng chuẩn hóa (ví dụ không có khoảng trắng)';
  return null;
}

/**
 * The same-origin path to return to after an external login, or null when the value could send
 * the browser elsewhere (`//evil`, `/\evil`, `https://evil`, control characters).
 */
export function safeReturnTo(value: string | undefined, publicUrl: string): string | null {
  if (value === undefined || value === '') return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // Browsers treat "\" like "/" and drop tabs and newlines: refuse them outright.
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || code < 0x20 || code === 0x7f) return null;
  }
  let url: URL;
  try {
    url = new URL(value, publicUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(publicUrl).origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Normalisation can itself produce a protocol-relative address: "/.//evil" → "//evil".
  if (path.startsWith('//')) return null;
  return path;
}
