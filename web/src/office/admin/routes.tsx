/**
 * The administration area (issue 7, "Administration"), mounted by the office's routes at
 * `quan-tri/*` and loaded only when an administrator opens it:
 *   (index)                        what the administrator can manage here
 *   quy-trinh                      process definitions with their versions
 *   quy-trinh/:id/:version         one version: steps, time shares, actions, the server's diagram
 *   quy-trinh/:id/:version/moi     a new version edited from a copy of this one (saved as a draft)
 *   lich-lam-viec                  working calendars: a year's days off, make-up days, office hours
 *   so-theo-doi                    the register (Mẫu 07) as PDF or Excel
 *   nguoi-dung                     officials and their roles: search, create, grant, revoke
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
const RegisterPage = lazy(async () => ({ default: (await import('./RegisterPage.tsx')).RegisterPage }));

function AdminNav({ province }: { province: boolean }) {
  return (
    <nav className="admin-tabs" aria-label="Quản trị">
      <ul>
        <li>
          <NavLink to="/quan-tri/quy-trinh">Quy trình giải quyết</NavLink>
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
          {province ? <Route path="lich-lam-viec" element={<CalendarPage />} /> : null}
          <Route path="nguoi-dung" element={<UsersPage />} />
          <Route path="so-theo-doi" element={<RegisterPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </div>
  );
}
