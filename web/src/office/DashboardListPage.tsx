/**
 * The dossiers behind one group of the leader's dashboard when the API's drill-down is not a work
 * queue (one handler's overdue dossiers: GET /api/v1/dossiers?assignee=…&status=…&dueTo=…). Only
 * lists of that API are followed: the address cannot make the page fetch anything else.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert, Loading, Tag } from '../shared/ui/index.ts';
import { fmt } from './DashboardPage.tsx';
import { dateTime } from './format.ts';
import { NotFoundPage, OfficeTitle } from './OfficeLayout.tsx';
import { dossierListQuery } from './office.api.ts';

export function DashboardListPage() {
  const [params] = useSearchParams();
  const href = params.get('list') ?? '';
  const title = params.get('title') || 'Hồ sơ';
  const valid = /^\/api\/v1\/dossiers\?[^#]*$/.test(href);
  const list = useQuery({ ...dossierListQuery(href), enabled: valid });
  if (!valid) return <NotFoundPage />;
  const now = Date.now();
  return (
    <>
      <OfficeTitle title={title}>
        {title}
        {list.data ? <span className="office-title__count"> ({fmt(list.data.total)})</span> : null}
      </OfficeTitle>
      <p>
        <Link to="/bang-theo-doi">← Về bảng theo dõi</Link>
      </p>
      {list.isPending ? <Loading label="Đang tải hồ sơ…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Không có hồ sơ nào.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Người nộp</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Hạn giải quyết</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => {
                  const late = d.dueAt !== null && new Date(d.dueAt).getTime() < now;
                  return (
                    <tr key={d.id} className={late ? 'office-row--overdue' : undefined}>
                      <td>
                        <Link to={`/ho-so/${d.id}`} className="office-code">
                          {d.code ?? 'Chưa cấp mã'}
                        </Link>
                      </td>
                      <td>{d.applicantName}</td>
                      <td>
                        <span className="office-clamp">{d.procedureName}</span>
                        <div className="small muted">{d.procedureCode}</div>
                      </td>
                      <td>{d.statusLabel}</td>
                      <td>
                        {dateTime(d.dueAt)}
                        {late ? (
                          <div>
                            <Tag tone="red">Quá hạn</Tag>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}
