/**
 * The administration area (issue 7, "Administration"), mounted by the office's routes at
 * `quan-tri/*` and loaded only when an administrator opens it:
 *   (index)                        what the administrator can manage here
 *   quy-trinh                      process definitions with their versions
 *   quy-trinh/:id/:version         one version: steps, time shares, actions, the server's diagram
 *   quy-trinh/:id/:version/moi     a new version edited from a copy of this one (saved as a draft)
 *   quy-trinh/:id/:version/sua     a draft edited in place
 *   lich-lam-viec                  working calendars: a year's days off, make-up days, office hours
 *   so-theo-doi                    the register (Mẫu 07) as PDF or Excel
 *   nguoi-dung                     officials and their roles: search, create, grant, revoke
 *   ung-dung                       OIDC clients (secret shown once) and signing keys (province administrators)
 *   nha-cung-cap-dinh-danh         external identity providers such as VNeID (province administrators)
 *   thu-tuc, thu-tuc/:code         procedures with fields to check, versions, corrections (ProcedurePages.tsx)
 *   co-quan, co-quan/:code         agencies: tree, search, create, change from a date, close (AgencyPages.tsx)
 * The server enforces every right; the screens only hide what the roles cannot use.
 */
import { lazy, Suspense } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { Loading } from '../../shared/ui/index.ts';
import { NotFoundPage, OfficeTitle, useOfficial } from '../OfficeLayout.tsx';
import { isAdmin, isProvinceAdmin } from './admin.api.ts';
import { ProcessListPage, ProcessVersionPage } from './ProcessPages.tsx';

const ProcessEditPage = lazy(async () => ({ default: (await import('./ProcessEditPage.tsx')).ProcessEditPage }));
const CalendarPage = lazy(async () => ({ default: (await import('./CalendarPage.tsx')).CalendarPage }));
const UsersPage = lazy(async () => ({ default: (await import('./UsersPage.tsx')).UsersPage }));
const ClientsPage = lazy(async () => ({ default: (await import('./ClientsPage.tsx')).ClientsPage }));
const ProvidersPage = lazy(async () => ({ default: (await import('./ProvidersPage.tsx')).ProvidersPage }));
const RegisterPage = lazy(async () => ({ default: (await import('./RegisterPage.tsx')).RegisterPage }));
const ProcedureListPage = lazy(async () => ({ default: (await import('./ProcedurePages.tsx')).ProcedureListPage }));
const ProcedurePage = lazy(async () => ({ default: (await import('./ProcedurePages.tsx')).ProcedurePage }));
const AgencyListPage = lazy(async () => ({ default: (await import('./AgencyPages.tsx')).AgencyListPage }));
const AgencyPage = lazy(async () => ({ default: (await import('./AgencyPages.tsx')).AgencyPage }));

function AdminNav({ province }: { province: boolean }) {
  return (
    <nav className="admin-tabs" aria-label="Quản trị">
      <ul>
        <li>
          <NavLink to="/quan-tri/quy-trinh">Quy trình giải quyết</NavLink>
        </li>
        <li>
          <NavLink to="/quan-tri/thu-tuc">Thủ tục</NavLink>
        </li>
        <li>
          <NavLink to="/quan-tri/co-quan">Cơ quan</NavLink>
        </li>
        {province ? (
          <li>
            <NavLink to="/quan-tri/lich-lam-viec">Lịch làm việc</NavLink>
          </li>
        ) : null}
        <li>
          <NavLink to="/quan-tri/nguoi-dung">Người dùng và vai trò</NavLink>
        </li>
        <li>
          <NavLink to="/quan-tri/so-theo-doi">Sổ theo dõi (Mẫu 07)</NavLink>
        </li>
        {province ? (
          <>
            <li>
              <NavLink to="/quan-tri/ung-dung">Ứng dụng đăng nhập</NavLink>
            </li>
            <li>
              <NavLink to="/quan-tri/nha-cung-cap-dinh-danh">Nhà cung cấp định danh</NavLink>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}

function AdminHome({ province }: { province: boolean }) {
  return (
    <>
      <OfficeTitle title="Quản trị" />
      <ul className="admin-home">
        <li>
          <NavLink to="/quan-tri/quy-trinh">Quy trình giải quyết thủ tục</NavLink>
          <p className="small muted">
            Các phiên bản quy trình nội bộ, sơ đồ, tạo phiên bản mới (bước, tỷ trọng thời gian, thao tác, vai trò), kiểm
            tra và công bố.
          </p>
        </li>
        <li>
          <NavLink to="/quan-tri/thu-tuc">Thủ tục hành chính</NavLink>
          <p className="small muted">
            Dữ liệu thủ tục đã nạp, các trường cần kiểm tra, các phiên bản; sửa trường kèm nguồn và lý do.
          </p>
        </li>
        <li>
          <NavLink to="/quan-tri/co-quan">Cơ quan, đơn vị</NavLink>
          <p className="small muted">Cây cơ quan, mã định danh điện tử; thêm, sửa từ một ngày, giải thể.</p>
        </li>
        {province ? (
          <li>
            <NavLink to="/quan-tri/lich-lam-viec">Lịch làm việc</NavLink>
            <p className="small muted">Ngày nghỉ, ngày làm bù và giờ hành chính dùng để tính hạn giải quyết.</p>
          </li>
        ) : null}
        <li>
          <NavLink to="/quan-tri/nguoi-dung">Người dùng và vai trò</NavLink>
          <p className="small muted">Tài khoản cán bộ, công chức: tạo mới, gán và thu hồi vai trò trên cơ quan.</p>
        </li>
        <li>
          <NavLink to="/quan-tri/so-theo-doi">Sổ theo dõi hồ sơ (Mẫu 07)</NavLink>
          <p className="small muted">Xuất sổ theo dõi của một cơ quan tiếp nhận ra PDF hoặc Excel.</p>
        </li>
        {province ? (
          <>
            <li>
              <NavLink to="/quan-tri/ung-dung">Ứng dụng đăng nhập một lần</NavLink>
              <p className="small muted">
                Ứng dụng dùng tài khoản của tỉnh để đăng nhập (OpenID Connect): địa chỉ chuyển hướng, khóa bí mật, khóa
                ký.
              </p>
            </li>
            <li>
              <NavLink to="/quan-tri/nha-cung-cap-dinh-danh">Nhà cung cấp định danh</NavLink>
              <p className="small muted">VNeID và các hệ thống định danh khác cho công dân đăng nhập; mức định danh.</p>
            </li>
          </>
        ) : null}
      </ul>
    </>
  );
}

export function AdminRoutes() {
  const me = useOfficial();
  if (!isAdmin(me)) return <NotFoundPage />;
  const province = isProvinceAdmin(me);
  return (
    <div className="admin">
      <AdminNav province={province} />
      <Suspense fallback={<Loading label="Đang tải…" />}>
        <Routes>
          <Route index element={<AdminHome province={province} />} />
          <Route path="quy-trinh" element={<ProcessListPage />} />
          <Route path="quy-trinh/:id/:version" element={<ProcessVersionPage />} />
          <Route path="quy-trinh/:id/:version/moi" element={<ProcessEditPage />} />
          <Route path="quy-trinh/:id/:version/sua" element={<ProcessEditPage mode="edit" />} />
          {province ? <Route path="lich-lam-viec" element={<CalendarPage />} /> : null}
          <Route path="nguoi-dung" element={<UsersPage />} />
          <Route path="so-theo-doi" element={<RegisterPage />} />
          <Route path="thu-tuc" element={<ProcedureListPage />} />
          <Route path="thu-tuc/:code" element={<ProcedurePage />} />
          <Route path="co-quan" element={<AgencyListPage />} />
          <Route path="co-quan/:code" element={<AgencyPage />} />
          {province ? <Route path="ung-dung" element={<ClientsPage />} /> : null}
          {province ? <Route path="nha-cung-cap-dinh-danh" element={<ProvidersPage />} /> : null}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </div>
  );
}
