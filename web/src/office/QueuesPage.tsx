/**
 * One work queue: the dossiers most urgent first, coloured by their deadline (the text says it
 * too), with filters by procedure, sector, submission dates, channel, and a search by code, name or
 * ID number without diacritics. Filters live in the address, so a queue can be bookmarked or sent.
 * Rows can be selected (checkboxes: Tab and Space) for the queue's bulk actions (BulkActions.tsx):
 * assign, or return the results at the desk; each row then shows how its dossier went.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../shared/api.ts';
import { Button, ErrorAlert, Loading, Select, Tag, TextField } from '../shared/ui/index.ts';
import { BulkBar, type BulkOutcome, bulkKindsFor } from './BulkActions.tsx';
import { DateField } from './DateField.tsx';
import { CHANNEL_LABELS, DUE_LABELS, DUE_TONES, dateTime } from './format.ts';
import { NotFoundPage, OfficeTitle } from './OfficeLayout.tsx';
import { countsQuery, type QueueFilter, type QueueId, queueQuery } from './office.api.ts';
import { Pager } from './Pager.tsx';

const QUEUE_IDS: QueueId[] = ['reception', 'mine', 'agency', 'due_soon', 'overdue', 'supplement', 'ready_to_return'];
const FILTER_KEYS = ['procedure', 'sector', 'from', 'to', 'channel', 'q'] as const;

export function QueuesPage() {
  const { queue } = useParams();
  const [params, setParams] = useSearchParams();
  const valid = QUEUE_IDS.includes(queue as QueueId);
  const filter: QueueFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const page = Number(params.get('page') ?? '1') || 1;
  if (page > 1) filter.page = page;
  const counts = useQuery(countsQuery);
  const list = useQuery({ ...queueQuery(queue as QueueId, filter), enabled: valid, placeholderData: keepPreviousData });
  const sectors = useQuery({
    queryKey: ['catalog', 'sectors'],
    queryFn: ({ signal }) => api<{ items: { name: string }[] }>('/api/v1/catalog/sectors', { signal }),
    staleTime: 10 * 60_000,
  });
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Record<string, BulkOutcome | 'running'>>({});
  const paramsKey = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the address
  useEffect(() => {
    setDraft(Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])));
  }, [paramsKey]);
  // Another queue or other filters: a new selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the list changes
  useEffect(() => {
    setSelected(new Set());
    setResults({});
  }, [paramsKey, queue]);

  if (!valid) return <NotFoundPage />;
  const label = counts.data?.queues.find((q) => q.id === queue)?.label ?? list.data?.label ?? 'Hàng đợi';

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (draft[k]?.trim()) next.set(k, draft[k].trim());
    setParams(next);
  }
  const set = (k: string) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const bulk = valid && bulkKindsFor(queue as QueueId).length > 0;
  const items = list.data?.items ?? [];
  const allChecked = items.length > 0 && items.every((d) => selected.has(d.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected(allChecked ? new Set() : new Set(items.map((d) => d.id)));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const goPage = (p: number) => {
    const next = new URLSearchParams(params);
    if (p > 1) next.set('page', String(p));
    else next.delete('page');
    setParams(next);
  };

  return (
    <>
      <OfficeTitle title={label}>
        {label}
        {list.data ? <span className="office-title__count"> ({list.data.total})</span> : null}
      </OfficeTitle>
      <form className="office-filters queue-filters" onSubmit={apply} aria-label="Lọc hồ sơ">
        <TextField
          id="queue-search"
          label="Tìm kiếm"
          hint="Mã hồ sơ, tên hoặc số giấy tờ, không cần dấu"
          type="search"
          value={draft.q ?? ''}
          onChange={set('q')}
        />
        <TextField label="Mã thủ tục" value={draft.procedure ?? ''} onChange={set('procedure')} size={10} />
        <Select
          label="Lĩnh vực"
          value={draft.sector ?? ''}
          onChange={set('sector')}
          options={[
            { value: '', label: 'Tất cả' },
            ...(sectors.data?.items ?? []).map((s) => ({ value: s.name, label: s.name })),
          ]}
        />
        <DateField
          id="queue-from"
          label="Nộp từ ngày"
          value={draft.from ?? ''}
          onChange={(v) => setDraft((d) => ({ ...d, from: v }))}
        />
        <DateField
          id="queue-to"
          label="Đến ngày"
          value={draft.to ?? ''}
          onChange={(v) => setDraft((d) => ({ ...d, to: v }))}
        />
        <Select
          label="Kênh nộp"
          value={draft.channel ?? ''}
          onChange={set('channel')}
          options={[
            { value: '', label: 'Tất cả' },
            ...Object.entries(CHANNEL_LABELS).map(([value, l]) => ({ value, label: l })),
          ]}
        />
        <div className="office-filters__buttons">
          <Button type="submit">Lọc</Button>
          {paramsKey ? (
            <Button variant="secondary" onClick={() => setParams(new URLSearchParams())}>
              Bỏ lọc
            </Button>
          ) : null}
        </div>
      </form>
      {bulk && items.length > 0 ? (
        <BulkBar
          queue={queue as QueueId}
          selected={items.filter((d) => selected.has(d.id))}
          onResults={setResults}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      {list.isPending ? <Loading label="Đang tải hồ sơ…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Không có hồ sơ nào{paramsKey ? ' khớp bộ lọc' : ''}.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">
                {label}: trang {list.data.page} trên {pages}
              </caption>
              <thead>
                <tr>
                  {bulk ? (
                    <th scope="col" className="office-check">
                      <input
                        type="checkbox"
                        checked={allChecked}
                        onChange={toggleAll}
                        aria-label="Chọn tất cả hồ sơ trong trang"
                      />
                    </th>
                  ) : null}
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Người nộp</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Bước hiện tại</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Hạn giải quyết</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => {
                  const r = results[d.id];
                  return (
                    <tr key={d.id} className={d.dueState ? `office-row--${d.dueState}` : undefined}>
                      {bulk ? (
                        <td className="office-check">
                          <input
                            type="checkbox"
                            checked={selected.has(d.id)}
                            onChange={() => toggle(d.id)}
                            aria-label={`Chọn hồ sơ ${d.code ?? d.applicantName}`}
                          />
                        </td>
                      ) : null}
                      <td>
                        {/* The reception queue opens the check screen (CheckPage.tsx): check, then receive. */}
                        <Link
                          to={queue === 'reception' ? `/kiem-tra/${d.id}` : `/ho-so/${d.id}`}
                          className="office-code"
                        >
                          {d.code ?? 'Chưa cấp mã'}
                        </Link>
                        <div className="small muted">{CHANNEL_LABELS[d.channel] ?? d.channel}</div>
                        {r ? (
                          <div className={`small ${r === 'running' ? 'muted' : r.ok ? 'bulk__ok' : 'bulk__fail'}`}>
                            {r === 'running' ? 'Đang thực hiện…' : r.ok ? 'Đã thực hiện' : `Lỗi: ${r.message}`}
                          </div>
                        ) : null}
                      </td>
                      <td>{d.applicantName}</td>
                      <td>
                        <span className="office-clamp">{d.procedureName}</span>
                        <div className="small muted">{d.procedureCode}</div>
                      </td>
                      <td>{d.stepName}</td>
                      <td>{d.statusLabel}</td>
                      <td>
                        {dateTime(d.dueAt)}
                        {d.dueState ? (
                          <div>
                            <Tag tone={DUE_TONES[d.dueState]}>{DUE_LABELS[d.dueState]}</Tag>
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
      {list.data ? <Pager page={page} pages={pages} goPage={goPage} /> : null}
    </>
  );
}
