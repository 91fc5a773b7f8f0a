/**
 * The overdue dossiers the deadline job escalated to the official as a leader (dossier.jobs.ts,
 * GET /api/v1/office/escalations; Nghị định 118/2025/NĐ-CP: the leader answers for late dossiers
 * and signs the apology, Mẫu 04). Newest first; a closed one has since been resolved or ended.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert, Loading, Tag } from '../shared/ui/index.ts';
import { fmt } from './DashboardPage.tsx';
import { dateTime } from './format.ts';
import { OfficeTitle } from './OfficeLayout.tsx';
import { escalationsQuery } from './office.api.ts';
import { Pager } from './Pager.tsx';

export function EscalationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useQuery({ ...escalationsQuery(page), placeholderData: keepPreviousData });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const goPage = (p: number) => setParams(p > 1 ? new URLSearchParams({ page: String(p) }) : new URLSearchParams());
  return (
    <>
      <OfficeTitle title="Hồ sơ quá hạn báo lãnh đạo">
        Hồ sơ quá hạn báo lãnh đạo
        {list.data ? <span className="office-title__count"> ({fmt(list.data.total)})</span> : null}
      </OfficeTitle>
      <p className="muted">
        Hồ sơ đến hạn giải quyết mà chưa có kết quả được tự động báo lên lãnh đạo cơ quan đang giải quyết.
      </p>
      {list.isPending ? <Loading label="Đang tải…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Chưa có hồ sơ quá hạn nào được báo lên.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">
                Hồ sơ quá hạn báo lãnh đạo: trang {list.data.page} trên {pages}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Hạn giải quyết</th>
                  <th scope="col">Người đang xử lý</th>
                  <th scope="col">Báo lúc</th>
                  <th scope="col" className="esc-status">
                    Tình trạng
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={`${e.dossierId}/${e.dueAt}`} className={e.closed ? undefined : 'office-row--overdue'}>
                    <td>
                      <Link to={`/ho-so/${e.dossierId}`} className="office-code">
                        {e.code ?? 'Chưa cấp mã'}
                      </Link>
                    </td>
                    <td>
                      <span className="office-clamp">{e.procedureName}</span>
                      <div className="small muted">{e.procedureCode}</div>
                    </td>
                    <td>{dateTime(e.dueAt)}</td>
                    <td>{e.handlerId === null ? 'Chưa phân công' : (e.handlerName ?? e.handlerId)}</td>
                    <td>{dateTime(e.escalatedAt)}</td>
                    <td>
                      {e.statusLabel}
                      <div>{e.closed ? <Tag tone="green">Đã xong</Tag> : <Tag tone="red">Còn quá hạn</Tag>}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} pages={pages} goPage={goPage} /> : null}
    </>
  );
}
