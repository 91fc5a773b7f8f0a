/**
 * The back office's frame for a 1366×768 screen: a header with the official's name and roles, a
 * side menu showing only what the roles allow (the server enforces it all the same), and the page.
 * Keyboard: a skip link, visible focus, and single-key shortcuts outside text fields —
 * "/" search, "h" queues, "t" reception desk (one-stop officers), "?" the list of shortcuts.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  isRouteErrorResponse,
  Link,
  Navigate,
  NavLink,
  Outlet,
  useLocation,
  useNavigate,
  useRouteError,
} from 'react-router';
import { ApiError, api } from '../shared/api.ts';
import { Alert, ErrorAlert, Loading } from '../shared/ui/index.ts';
import {
  countsQuery,
  DASHBOARD_ROLES,
  DOSSIER_ROLES,
  hasRole,
  homeOf,
  type Me,
  meQuery,
  ROLE_LABELS,
} from './office.api.ts';

const SITE = 'Một cửa điện tử';

/** The page's heading: sets the tab title and takes the focus after a client-side move. */
export function OfficeTitle({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${title} — ${SITE}`;
  }, [title]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus follows the path
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) ref.current?.focus();
  }, [pathname]);
  return (
    <h1 ref={ref} tabIndex={-1} className="office-title">
      {children ?? title}
    </h1>
  );
}

export function useOfficial(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useOfficial outside OfficeLayout');
  return data;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function OfficeLayout() {
  const me = useQuery(meQuery);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [help, setHelp] = useState(false);
  const official = me.data && me.data.kind === 'official' ? me.data : null;
  const desk = official ? hasRole(official, 'one_stop_officer') : false;
  const home = homeOf(official);
  const counts = useQuery({ ...countsQuery, enabled: official !== null && hasRole(official, ...DOSSIER_ROLES) });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === '/') {
        const search = document.getElementById('queue-search');
        if (search) {
          event.preventDefault();
          search.focus();
        }
      } else if (event.key === 'h') navigate(home);
      else if (event.key === 't' && desk) navigate('/tiep-nhan');
      else if (event.key === '?') setHelp((h) => !h);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, desk, home]);

  if (me.isPending) return <Loading label="Đang tải…" />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => me.refetch()} />;
  if (me.data === null) {
    return <Navigate to={`/dang-nhap?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  async function logout() {
    try {
      await api<void>('/api/v1/auth/logout', { method: 'POST' });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
    queryClient.clear();
    navigate('/dang-nhap', { replace: true });
  }

  const count = (id: string) => counts.data?.queues.find((q) => q.id === id)?.count;
  const menu: { to: string; label: string; count?: number | undefined; tone?: string }[] = [];
  if (official && hasRole(official, ...DOSSIER_ROLES)) {
    if (desk) menu.push({ to: '/tiep-nhan', label: 'Tiếp nhận hồ sơ' });
    for (const q of counts.data?.queues ?? [
      { id: 'mine', label: 'Được giao cho tôi' },
      { id: 'agency', label: 'Của cơ quan tôi' },
    ]) {
      // The desk's queues only for the desk.
      if (!desk && (q.id === 'reception' || q.id === 'ready_to_return')) continue;
      const tone = q.id === 'overdue' ? 'red' : q.id === 'due_soon' ? 'yellow' : undefined;
      menu.push({ to: `/hang-doi/${q.id}`, label: q.label, count: count(q.id), ...(tone ? { tone } : {}) });
    }
  }

  // The leader's dashboard (leaders, agency and province administrators) and escalations (leaders).
  if (official && hasRole(official, ...DASHBOARD_ROLES)) menu.push({ to: '/bang-theo-doi', label: 'Bảng theo dõi' });
  if (official && hasRole(official, 'leader')) menu.push({ to: '/bao-qua-han', label: 'Hồ sơ quá hạn báo lên' });
  if (official && hasRole(official, 'province_admin', 'agency_admin'))
    menu.push({ to: '/quan-tri', label: 'Quản trị' });

  return (
    <div className="office">
      <a className="skip-link" href="#main-content">
        Bỏ qua, đến nội dung chính
      </a>
      <header className="office-header">
        <Link to="/" className="office-header__brand">
          {SITE}
        </Link>
        {official ? (
          <div className="office-header__user">
            <span>
              <strong>{official.name}</strong>
              <span className="office-header__roles">
                {' '}
                · {[...new Set(official.roles.map((g) => ROLE_LABELS[g.role] ?? g.role))].join(', ')}
              </span>
            </span>
            <button type="button" className="office-link-button" onClick={logout}>
              Đăng xuất
            </button>
          </div>
        ) : null}
      </header>
      <div className="office-body">
        {menu.length > 0 ? (
          <nav className="office-menu" aria-label="Chức năng">
            <ul>
              {menu.map((m) => (
                <li key={m.to}>
                  <NavLink to={m.to} className="office-menu__link">
                    <span>{m.label}</span>
                    {m.count !== undefined ? (
                      <span className={`office-count${m.tone && m.count > 0 ? ` office-count--${m.tone}` : ''}`}>
                        {m.count}
                        <span className="visually-hidden"> hồ sơ</span>
                      </span>
                    ) : null}
                  </NavLink>
                </li>
              ))}
            </ul>
            <p className="office-menu__keys small">
              Phím tắt: <kbd>/</kbd> tìm · <kbd>h</kbd> {home === '/quan-tri' ? 'quản trị' : 'hàng đợi'}
              {desk ? ' · ' : ''}
              {desk ? (
                <>
                  <kbd>t</kbd> tiếp nhận
                </>
              ) : null}{' '}
              · <kbd>?</kbd> trợ giúp
            </p>
          </nav>
        ) : null}
        <main id="main-content" className="office-main" tabIndex={-1}>
          {help ? (
            <Alert title="Phím tắt">
              <ul className="list list--bullet">
                <li>
                  <kbd>/</kbd>: đến ô tìm kiếm hồ sơ
                </li>
                <li>
                  <kbd>h</kbd>: {home === '/quan-tri' ? 'trang Quản trị' : 'hàng đợi "Được giao cho tôi"'}
                </li>
                {desk ? (
                  <>
                    <li>
                      <kbd>t</kbd>: tiếp nhận hồ sơ trực tiếp
                    </li>
                    <li>
                      Trên màn hình kiểm tra hồ sơ trực tuyến: <kbd>a</kbd> tiếp nhận (Mẫu 01), <kbd>b</kbd> yêu cầu bổ
                      sung (Mẫu 02), <kbd>r</kbd> từ chối (Mẫu 03), <kbd>x</kbd> xem thành phần tiếp theo,{' '}
                      <kbd>Esc</kbd> huỷ
                    </li>
                  </>
                ) : null}
                <li>
                  <kbd>Alt</kbd>+<kbd>Enter</kbd> trong một thao tác: gửi thao tác
                </li>
              </ul>
            </Alert>
          ) : null}
          {official ? (
            <Outlet />
          ) : (
            <Alert tone="warning" title="Trang dành cho cán bộ, công chức">
              <p>Tài khoản này không phải tài khoản cán bộ. Công dân, tổ chức dùng Cổng Dịch vụ công.</p>
              <p>
                <a href="/">Đến Cổng Dịch vụ công</a>
              </p>
            </Alert>
          )}
        </main>
      </div>
    </div>
  );
}

export function NotFoundPage() {
  const me = useQuery(meQuery);
  const official = me.data && me.data.kind === 'official' ? me.data : null;
  const home = homeOf(official);
  return (
    <>
      <OfficeTitle title="Không tìm thấy trang" />
      <p>Không có trang hoặc hồ sơ này, hoặc bạn không có quyền xem.</p>
      <p>
        <Link to={home}>{home === '/quan-tri' ? 'Về trang Quản trị' : 'Về hàng đợi công việc'}</Link>
      </p>
    </>
  );
}

/** A failed page: a missing or hidden dossier (404) is the not-found page, anything else the error. */
export function RouteError() {
  const error = useRouteError();
  if ((isRouteErrorResponse(error) && error.status === 404) || (error instanceof ApiError && error.status === 404)) {
    return <NotFoundPage />;
  }
  return (
    <>
      <OfficeTitle title="Đã có lỗi" />
      <ErrorAlert error={error} />
    </>
  );
}
