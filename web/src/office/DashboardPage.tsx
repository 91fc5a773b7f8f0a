/**
 * The leader's dashboard of an agency (issue 7, "Leader"; GET /api/v1/office/dashboard): what came
 * in and went out in a period, the on-time rate, the overdue dossiers now by handler and by step,
 * and a table per procedure. Every group links to its dossiers: a work queue with its filters when
 * the API's list is a queue, otherwise the dossiers that list returns (DashboardListPage).
 * Agency and dates live in the address, so a view can be bookmarked or sent.
 */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, ErrorAlert, Loading, Select } from '../shared/ui/index.ts';
import { DateField } from './DateField.tsx';
import { dateTime } from './format.ts';
import { OfficeTitle, useOfficial } from './OfficeLayout.tsx';
import { agencyQuery, DASHBOARD_ROLES, type DrillDown, dashboardQuery, type Me } from './office.api.ts';

const number = new Intl.NumberFormat('vi-VN');
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

export const fmt = (n: number) => number.format(n);
export const rate = (r: number | null) => (r === null ? '—' : percent.format(r));

/** The agencies whose dashboard the official may open: where they lead or administer. */
export function dashboardAgencies(me: Me): string[] {
  const codes = me.roles.filter((g) => DASHBOARD_ROLES.includes(g.role)).map((g) => g.agencyCode ?? me.agencyCode);
  return [...new Set(codes.filter((c): c is string => typeof c === 'string' && c !== ''))];
}

/**
 * Where a drill-down of the API opens in the back office: a queue list becomes the queue page with
 * the same filters; any other list (the dossiers of one handler) the list page that shows it.
 */
export function drillDownTo(d: DrillDown, title: string): string {
  const [path, search = ''] = d.href.split('?');
  const queue = /^\/api\/v1\/office\/queues\/([a-z_]+)$/.exec(path ?? '');
  if (queue) return `/hang-doi/${queue[1]}${search ? `?${search}` : ''}`;
  const q = new URLSearchParams({ list: d.href, title });
  return `/bang-theo-doi/ho-so?${q.toString()}`;
}

function DrillLink({ d, title, children }: { d: DrillDown; title: string; children: ReactNode }) {
  return (
    <Link
      to={drillDownTo(d, title)}
      title={d.exact ? undefined : 'Danh sách có thể gồm cả hồ sơ khác của nhóm rộng hơn'}
    >
      {children}
    </Link>
  );
}

export function DashboardPage() {
  const me = useOfficial();
  const codes = dashboardAgencies(me);
  const [params, setParams] = useSearchParams();
  const agency = params.get('agency') ?? codes[0] ?? '';
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const names = useQueries({ queries: codes.map((c) => agencyQuery(c)) });
  const dash = useQuery({
    ...dashboardQuery({ agency, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    enabled: agency !== '',
    placeholderData: keepPreviousData,
  });
  const [draft, setDraft] = useState({ agency, from: from ?? '', to: to ?? '' });
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the address
  useEffect(() => {
    setDraft({ agency, from: dash.data?.from ?? from ?? '', to: dash.data?.to ?? to ?? '' });
  }, [key, dash.data?.from, dash.data?.to]);

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.agency) next.set('agency', draft.agency);
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    setParams(next);
  }

  if (codes.length === 0) {
    return (
      <>
        <OfficeTitle title="Bảng theo dõi" />
        <p>Bảng theo dõi dành cho lãnh đạo và quản trị viên cơ quan.</p>
      </>
    );
  }
  const d = dash.data;
  const v = d?.volumes;
  return (
    <>
      <OfficeTitle title="Bảng theo dõi của cơ quan">
        Bảng theo dõi{d ? <span className="office-title__count"> — {d.agency.name}</span> : null}
      </OfficeTitle>
      <form className="office-filters dash-filters" onSubmit={apply} aria-label="Chọn cơ quan và thời gian">
        <Select
          label="Cơ quan"
          value={draft.agency}
          onChange={(e) => setDraft((x) => ({ ...x, agency: e.target.value }))}
          options={codes.map((c, i) => ({ value: c, label: names[i]?.data?.name ?? c }))}
        />
        <DateField
          id="dashboard-from"
          label="Từ ngày"
          value={draft.from}
          onChange={(v) => setDraft((x) => ({ ...x, from: v }))}
        />
        <DateField
          id="dashboard-to"
          label="Đến hết ngày"
          value={draft.to}
          onChange={(v) => setDraft((x) => ({ ...x, to: v }))}
        />
        <div className="office-filters__buttons">
          <Button type="submit">Xem</Button>
        </div>
      </form>
      {dash.isPending ? <Loading label="Đang tải số liệu…" /> : null}
      {dash.isError ? <ErrorAlert error={dash.error} onRetry={() => dash.refetch()} /> : null}
      {d && v ? (
        <>
          <p className="small muted">
            Từ {d.from.split('-').reverse().join('/')} đến hết {d.to.split('-').reverse().join('/')} · số liệu lúc{' '}
            {dateTime(d.generatedAt)}
          </p>
          <ul className="dash-cards" aria-label="Số liệu chính">
            <li className="dash-card">
              <span className="dash-card__n">{fmt(v.received)}</span> tiếp nhận
            </li>
            <li className="dash-card">
              <span className="dash-card__n">{fmt(v.completed)}</span> đã giải quyết
            </li>
            <li className="dash-card">
              <span className="dash-card__n">{rate(d.outcomes.onTimeRate)}</span> đúng hạn
              <span className="small muted">
                {' '}
                ({fmt(d.outcomes.onTime)} sớm và đúng hạn, {fmt(d.outcomes.late)} trễ hạn)
              </span>
            </li>
            <li className="dash-card">
              <span className="dash-card__n">{fmt(v.inProgress)}</span> đang giải quyết
            </li>
            <li className={`dash-card${d.overdue.total > 0 ? ' dash-card--red' : ''}`}>
              <DrillLink d={d.overdue.drillDown} title="Hồ sơ quá hạn">
                <span className="dash-card__n">{fmt(d.overdue.total)}</span> quá hạn hiện nay
              </DrillLink>
            </li>
            <li className="dash-card">
              <span className="dash-card__n">{fmt(v.returned)}</span> đã trả kết quả
              <span className="small muted">
                {' '}
                · {fmt(v.refused)} từ chối · {fmt(v.stopped)} dừng · {fmt(v.withdrawn)} rút
              </span>
            </li>
          </ul>
          <div className="office-grid2 dash-grid">
            <section aria-labelledby="dash-handler">
              <h2 id="dash-handler">Quá hạn theo người xử lý</h2>
              {d.overdue.byHandler.length === 0 ? (
                <p className="office-empty">Không có hồ sơ quá hạn.</p>
              ) : (
                <table className="table office-table dash-table">
                  <thead>
                    <tr>
                      <th scope="col">Người xử lý</th>
                      <th scope="col" className="num">
                        Quá hạn
                      </th>
                      <th scope="col" className="num">
                        Đã báo lãnh đạo
                      </th>
                      <th scope="col">Hạn sớm nhất</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.overdue.byHandler.map((h) => {
                      const who = h.handlerId === null ? 'Chưa phân công' : (h.handlerName ?? h.handlerId);
                      return (
                        <tr key={h.handlerId ?? '-'}>
                          <th scope="row">
                            <DrillLink d={h.drillDown} title={`Hồ sơ quá hạn của ${who}`}>
                              {who}
                            </DrillLink>
                          </th>
                          <td className="num">{fmt(h.count)}</td>
                          <td className="num">{fmt(h.escalated)}</td>
                          <td>{dateTime(h.oldestDueAt)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </section>
            <section aria-labelledby="dash-step">
              <h2 id="dash-step">Quá hạn theo bước xử lý</h2>
              {d.overdue.byStep.length === 0 ? (
                <p className="office-empty">Không có bước nào trễ hạn.</p>
              ) : (
                <table className="table office-table dash-table">
                  <thead>
                    <tr>
                      <th scope="col">Bước (thủ tục)</th>
                      <th scope="col" className="num">
                        Quá hạn
                      </th>
                      <th scope="col" className="num">
                        Trễ bước
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.overdue.byStep.map((s) => (
                      <tr key={`${s.processId}/${s.stepId}`}>
                        <th scope="row">
                          <DrillLink d={s.drillDown} title={`Hồ sơ quá hạn: ${s.stepName}`}>
                            {s.stepName}
                          </DrillLink>
                          <div className="small muted office-clamp">{s.procedureName}</div>
                        </th>
                        <td className="num">{fmt(s.count)}</td>
                        <td className="num">{fmt(s.stepLate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
          <section aria-labelledby="dash-proc">
            <h2 id="dash-proc">Theo thủ tục</h2>
            {d.procedures.length === 0 ? (
              <p className="office-empty">Không có hồ sơ trong thời gian này.</p>
            ) : (
              <div className="table-wrap">
                <table className="table office-table dash-table">
                  <thead>
                    <tr>
                      <th scope="col">Thủ tục</th>
                      <th scope="col" className="num">
                        Tiếp nhận
                      </th>
                      <th scope="col" className="num">
                        Đã giải quyết
                      </th>
                      <th scope="col" className="num">
                        Sớm, đúng hạn
                      </th>
                      <th scope="col" className="num">
                        Trễ hạn
                      </th>
                      <th scope="col" className="num">
                        Tỉ lệ đúng hạn
                      </th>
                      <th scope="col" className="num">
                        Quá hạn
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.procedures.map((p) => (
                      <tr key={p.code}>
                        <th scope="row">
                          <DrillLink d={p.drillDown} title={p.name}>
                            <span className="office-clamp">{p.name}</span>
                          </DrillLink>
                          <div className="small muted">{p.code}</div>
                        </th>
                        <td className="num">{fmt(p.received)}</td>
                        <td className="num">{fmt(p.completed)}</td>
                        <td className="num">{fmt(p.onTime)}</td>
                        <td className="num">{fmt(p.late)}</td>
                        <td className="num">{rate(p.onTimeRate)}</td>
                        <td className={`num${p.overdue > 0 ? ' dash-red' : ''}`}>{fmt(p.overdue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
