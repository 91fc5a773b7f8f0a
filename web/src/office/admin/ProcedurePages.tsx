/**
 * Procedures as the administrator checks them (issue 7): the list with the number of fields the
 * importer could not read ("trường cần kiểm tra") and a filter on them; one procedure's imported
 * data in Vietnamese, its flags, its versions with every correction's source and reason; and the
 * correction form of a province administrator, which highlights the flagged fields and shows the
 * server's problems against the inputs. The importer never invents a value; neither does this form:
 * the administrator types the value and says where it comes from.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { formatDate, formatVnd, vietnamDate } from '../../shared/format.ts';
import { type ControlProps, FieldFrame } from '../../shared/ui/fields.tsx';
import { Alert, Button, ErrorAlert, Loading, Tag, TextField } from '../../shared/ui/index.ts';
import { OfficeTitle, useOfficial } from '../OfficeLayout.tsx';
import { isProvinceAdmin } from './admin.api.ts';
import {
  CHANNEL_LABELS,
  type CorrectionBody,
  correctProcedure,
  type Duration,
  FEE_KIND_LABELS,
  FLAG_CODE_LABELS,
  type Flag,
  fieldLabel,
  inputId,
  LEVEL_LABELS,
  type OnlineService,
  type ProcedureDetail,
  type ProcedureVersion,
  procedureQuery,
  proceduresQuery,
  procedureVersionsQuery,
  REQUIREMENT_LABELS,
  UNIT_LABELS,
} from './admin.catalog.api.ts';
import { Pager } from './admin.parts.tsx';
import './catalog-admin.css';

const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00+07:00`) : '—');

export function ProcedureListPage() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [flagged, setFlagged] = useState(false);
  const [offset, setOffset] = useState(0);
  const list = useQuery(proceduresQuery(q, flagged, offset));
  return (
    <>
      <OfficeTitle title="Thủ tục hành chính" />
      <p className="muted">
        Dữ liệu nạp từ Cổng Dịch vụ công quốc gia. Trường nào không đọc được chắc chắn thì để trống và đánh dấu để quản
        trị viên kiểm tra, không tự điền.
      </p>
      <form
        className="office-filters"
        aria-label="Tìm thủ tục"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setQ(draft.trim());
        }}
      >
        <TextField
          id="proc-q"
          type="search"
          label="Tìm thủ tục"
          hint="Tên hoặc lĩnh vực, có hoặc không dấu"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="field catalog-check">
          <label>
            <input
              type="checkbox"
              checked={flagged}
              onChange={(e) => {
                setOffset(0);
                setFlagged(e.target.checked);
              }}
            />{' '}
            Chỉ thủ tục có trường cần kiểm tra
          </label>
        </div>
        <div className="office-filters__buttons">
          <Button type="submit">Tìm</Button>
        </div>
      </form>
      {list.isPending ? <Loading label="Đang tải thủ tục…" /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">Không có thủ tục nào.</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">Thủ tục hành chính ({list.data.total})</caption>
              <thead>
                <tr>
                  <th scope="col">Mã</th>
                  <th scope="col">Tên thủ tục</th>
                  <th scope="col">Lĩnh vực</th>
                  <th scope="col">Hiệu lực từ</th>
                  <th scope="col">Cần kiểm tra</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.code}>
                    <td>
                      <Link to={`/quan-tri/thu-tuc/${p.code}`}>{p.code}</Link>
                    </td>
                    <td>{p.name}</td>
                    <td>{p.sector}</td>
                    <td>{day(p.versionFrom)}</td>
                    <td>
                      {p.flagCount > 0 ? (
                        <Tag tone="yellow">{p.flagCount} trường</Tag>
                      ) : (
                        <Tag tone="green">Không có</Tag>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {list.data && list.data.total > list.data.limit ? (
        <Pager offset={offset} size={50} total={list.data.total} onChange={setOffset} />
      ) : null}
    </>
  );
}

export function ProcedurePage() {
  const { code = '' } = useParams();
  const me = useOfficial();
  const detail = useQuery(procedureQuery(code));
  const versions = useQuery(procedureVersionsQuery(code));
  const current = versions.data?.items.find((v) => v.current);
  if (detail.isPending) return <Loading label="Đang tải thủ tục…" />;
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />;
  const p = detail.data;
  const flagged = new Set(p.flags.map((f) => f.field));
  return (
    <>
      <p className="small">
        <Link to="/quan-tri/thu-tuc">← Thủ tục hành chính</Link>
      </p>
      <OfficeTitle title={p.name} />
      <p className="muted">
        Mã {p.code} · {p.sector} · {p.levels.map((l) => LEVEL_LABELS[l] ?? l).join(', ')} · phiên bản hiện hành từ{' '}
        {day(p.versionFrom)}
      </p>
      <div className="catalog-layout">
        <div>
          <FlagList
            flags={p.flags}
            correctable={new Set(current?.flags.filter((f) => f.correctable).map((f) => f.field))}
          />
          <RecordView p={p} flagged={flagged} />
        </div>
        <div>
          {isProvinceAdmin(me) && current ? (
            <CorrectionForm p={p} version={current} />
          ) : (
            <p className="office-card small">Chỉ quản trị viên cấp tỉnh sửa được dữ liệu thủ tục.</p>
          )}
          {versions.isError ? <ErrorAlert error={versions.error} /> : null}
          {versions.data ? <VersionList items={versions.data.items} /> : null}
        </div>
      </div>
    </>
  );
}

function FlagList({ flags, correctable }: { flags: Flag[]; correctable: Set<string> }) {
  return (
    <section className="office-card" aria-labelledby="flags-h">
      <h2 className="office-h2" id="flags-h">
        Trường cần kiểm tra ({flags.length})
      </h2>
      {flags.length === 0 ? (
        <p>Không còn trường nào cần kiểm tra.</p>
      ) : (
        <ul className="catalog-flags">
          {flags.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the record's lists never reorder; flags address them by index
            <li key={`${f.field}-${i}`}>
              <strong>{fieldLabel(f.field)}</strong> <Tag tone="yellow">{FLAG_CODE_LABELS[f.code] ?? f.code}</Tag>
              <div className="small">{f.reason}</div>
              {f.raw ? <div className="small muted catalog-raw">Văn bản gốc: «{f.raw.slice(0, 200)}»</div> : null}
              {correctable.has(f.field) ? (
                <a className="small" href={`#${inputId(f.field)}`}>
                  Sửa trường này
                </a>
              ) : (
                <span className="small muted">Chưa sửa được trong màn hình này.</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Value({ children, flagged }: { children: ReactNode; flagged: boolean }) {
  return (
    <dd className={flagged ? 'catalog-flagged' : undefined}>
      {children}
      {flagged ? <span className="visually-hidden"> (cần kiểm tra)</span> : null}
    </dd>
  );
}

const none = <span className="muted">Chưa có</span>;

function duration(d: Duration | null): string {
  if (!d) return '';
  if (d.amount === 0 && d.unit === 'working_day') return 'Trong ngày';
  return `${d.amount} ${UNIT_LABELS[d.unit] ?? d.unit}`;
}

function online(o: OnlineService | null): string {
  if (!o) return '';
  if (o.scheme === 'current') return o.scope === 'full' ? 'Toàn trình' : 'Một phần';
  return `Mức độ ${o.level} (Nghị định 43/2011)`;
}

function RecordView({ p, flagged }: { p: ProcedureDetail; flagged: Set<string> }) {
  const r = p.record;
  const text = (k: keyof typeof r) => {
    const f = r[k] as { value: unknown };
    return typeof f.value === 'string' && f.value ? f.value : none;
  };
  return (
    <section className="office-card" aria-labelledby="record-h">
      <h2 className="office-h2" id="record-h">
        Dữ liệu đã nạp
      </h2>
      <dl className="catalog-dl">
        <dt>Quyết định công bố</dt>
        <Value flagged={flagged.has('decisionNumber')}>{text('decisionNumber')}</Value>
        <dt>Cơ quan có thẩm quyền</dt>
        <Value flagged={flagged.has('competentAgency')}>{text('competentAgency')}</Value>
        <dt>Cơ quan thực hiện</dt>
        <Value flagged={flagged.has('implementingAgency')}>{text('implementingAgency')}</Value>
        <dt>Địa chỉ tiếp nhận</dt>
        <Value flagged={flagged.has('receivingAddress')}>{text('receivingAddress')}</Value>
        <dt>Đối tượng thực hiện</dt>
        <Value flagged={flagged.has('subjects')}>{r.subjects.value?.join('; ') || none}</Value>
        <dt>Mức độ trực tuyến</dt>
        <Value flagged={flagged.has('onlineService')}>{online(r.onlineService.value) || none}</Value>
        <dt>Yêu cầu, điều kiện</dt>
        <Value flagged={flagged.has('conditions')}>
          {r.conditions.value === null
            ? none
            : r.conditions.value.length === 0
              ? 'Không có'
              : r.conditions.value.join('; ')}
        </Value>
      </dl>

      <h3 className="office-h3">Cách thức, thời hạn, phí và lệ phí</h3>
      {r.channels.value ? (
        <table className="table office-table">
          <thead>
            <tr>
              <th scope="col">Hình thức nộp</th>
              <th scope="col">Thời hạn</th>
              <th scope="col">Phí, lệ phí</th>
            </tr>
          </thead>
          <tbody>
            {r.channels.value.map((c, ci) => (
              <tr key={c.channel}>
                <th scope="row">{CHANNEL_LABELS[c.channel] ?? c.label}</th>
                <td>
                  {c.processingTimes.map((t, ti) => (
                    <div
                      key={`${t.source}-${t.raw}-${t.condition}`}
                      className={flagged.has(`channels[${ci}].processingTimes[${ti}]`) ? 'catalog-flagged' : undefined}
                    >
                      {duration(t.value) || <span className="muted">«{t.raw}» chưa đọc được</span>}
                      {t.kind !== 'standard' ? (
                        <span className="small muted"> ({t.kind === 'extension' ? 'gia hạn' : 'trường hợp khác'})</span>
                      ) : null}
                    </div>
                  ))}
                </td>
                <td>
                  {c.fees.map((f, fi) => {
                    const bad =
                      flagged.has(`channels[${ci}].fees[${fi}].amountVnd`) ||
                      flagged.has(`channels[${ci}].fees[${fi}].kind`);
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the record's lists never reorder; flags address them by index
                      <div key={`${f.raw}-${fi}`} className={bad ? 'catalog-flagged' : undefined}>
                        {f.amountVnd === null ? (
                          <span className="muted">chưa rõ mức thu</span>
                        ) : f.amountVnd === 0 ? (
                          'Miễn thu'
                        ) : (
                          `${formatVnd(f.amountVnd)}${f.per ? ` / ${f.per}` : ''}`
                        )}
                        {f.amountVnd !== 0 ? <span className="small"> · {FEE_KIND_LABELS[f.kind]}</span> : null}
                        {f.optional ? <span className="small muted"> (nếu có yêu cầu)</span> : null}
                      </div>
                    );
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="catalog-flagged">Chưa đọc được cách thức thực hiện.</p>
      )}

      <h3 className="office-h3">Thành phần hồ sơ</h3>
      {r.dossier.value ? (
        r.dossier.value.map((g, gi) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the record's lists never reorder; flags address them by index
          <div key={`${g.heading}-${gi}`}>
            {g.heading ? <p className="small">{g.heading}</p> : null}
            <ol className="catalog-components">
              {g.components.map((c, ci) => {
                const base = `dossier[${gi}].components[${ci}]`;
                const bad = flagged.has(`${base}.requirement`) || flagged.has(`${base}.quantity`);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the record's lists never reorder; flags address them by index
                  <li key={`${c.raw}-${ci}`} className={bad ? 'catalog-flagged' : undefined}>
                    {c.name}{' '}
                    <span className="small">
                      —{' '}
                      {c.quantity.value
                        ? `${c.quantity.value.originals} bản chính, ${c.quantity.value.copies} bản sao`
                        : 'số lượng chưa rõ'}
                      ; {c.requirement.value ? REQUIREMENT_LABELS[c.requirement.value] : 'chưa rõ bắt buộc hay không'}
                    </span>
                  </li>
                );
              })}
            </ol>
          </div>
        ))
      ) : (
        <p className="catalog-flagged">Chưa đọc được thành phần hồ sơ.</p>
      )}

      <h3 className="office-h3">Kết quả</h3>
      <ul>
        {(r.results.value ?? []).map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the record's lists never reorder; flags address them by index
          <li key={`${x.name}-${i}`}>
            {x.name}
            {x.code ? <span className="small muted"> ({x.code})</span> : null}
          </li>
        ))}
      </ul>

      <h3 className="office-h3">Căn cứ pháp lý</h3>
      <ul>
        {(r.legalBasis.value ?? []).map((a, i) => (
          <li
            key={a.raw}
            className={
              flagged.has(`legalBasis[${i}].number`) || flagged.has(`legalBasis[${i}].title`)
                ? 'catalog-flagged'
                : undefined
            }
          >
            <strong>{a.number.value ?? a.number.raw}</strong> {a.title.value ?? ''}
            {a.issuedDate ? <span className="small muted"> ngày {day(a.issuedDate)}</span> : null}
          </li>
        ))}
      </ul>
      {r.source.detailUrl ? (
        <p className="small">
          Nguồn:{' '}
          <a href={r.source.detailUrl} rel="noreferrer" target="_blank">
            trang thủ tục trên Cổng DVCQG
          </a>
        </p>
      ) : null}
    </section>
  );
}

function VersionList({ items }: { items: ProcedureVersion[] }) {
  return (
    <section className="office-card" aria-labelledby="versions-h">
      <h2 className="office-h2" id="versions-h">
        Các phiên bản ({items.length})
      </h2>
      <ol className="catalog-versions">
        {items.map((v) => (
          <li key={v.versionFrom}>
            <strong>
              Từ {day(v.versionFrom)}
              {v.versionTo ? ` đến ${day(v.versionTo)}` : ''}
            </strong>{' '}
            {v.current ? <Tag tone="green">Hiện hành</Tag> : <Tag tone="grey">Đã thay thế</Tag>}{' '}
            <span className="small">{v.flagCount} trường cần kiểm tra</span>
            {v.corrections.length > 0 ? (
              <ul className="small">
                {v.corrections.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the record's lists never reorder; flags address them by index
                  <li key={`${c.field}-${c.at}-${i}`}>
                    {fieldLabel(c.field)}: {c.reason} — nguồn: {c.source} ({c.by.name ?? c.by.id}, {formatDate(c.at)})
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

// --- the correction form --------------------------------------------------------------------

type Kind = 'text' | 'list' | 'online' | 'duration' | 'amount' | 'feeKind' | 'requirement' | 'quantity' | 'actNumber';

function kindOf(field: string): Kind | null {
  if (/^(decisionNumber|procedureType|competentAgency|implementingAgency|receivingAddress)$/.test(field)) return 'text';
  if (/^legalBasis\[\d+\]\.title$/.test(field)) return 'text';
  if (/^legalBasis\[\d+\]\.number$/.test(field)) return 'actNumber';
  if (field === 'conditions' || field === 'subjects') return 'list';
  if (field === 'onlineService') return 'online';
  if (/^channels\[\d+\]\.processingTimes\[\d+\]$/.test(field)) return 'duration';
  if (/^channels\[\d+\]\.fees\[\d+\]\.amountVnd$/.test(field)) return 'amount';
  if (/^channels\[\d+\]\.fees\[\d+\]\.kind$/.test(field)) return 'feeKind';
  if (/^dossier\[\d+\]\.components\[\d+\]\.requirement$/.test(field)) return 'requirement';
  if (/^dossier\[\d+\]\.components\[\d+\]\.quantity$/.test(field)) return 'quantity';
  return null;
}

/** What the admin typed, as strings; turned into the server's value on submit. */
type Draft = Record<string, string>;

function toValue(kind: Kind, d: Draft): unknown {
  switch (kind) {
    case 'text':
    case 'actNumber':
      return d.text ?? '';
    case 'list':
      return (d.text ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'online':
      return d.scope ? { scheme: 'current', scope: d.scope } : null;
    case 'duration':
      return {
        amount: d.amount === '' || d.amount === undefined ? null : Number(d.amount),
        unit: d.unit ?? 'working_day',
      };
    case 'amount':
      return d.amount === '' || d.amount === undefined ? null : Number(d.amount.replace(/[.\s]/g, ''));
    case 'feeKind':
      return d.kind ?? '';
    case 'requirement':
      return d.requirement ?? '';
    case 'quantity':
      return { originals: Number(d.originals ?? 0), copies: Number(d.copies ?? 0) };
  }
}

/** Context shown beside a field so the administrator knows which row it is. */
function contextOf(p: ProcedureDetail, field: string): string | null {
  let m = /^channels\[(\d+)\]/.exec(field);
  if (m) {
    const c = p.record.channels.value?.[Number(m[1])];
    return c ? (CHANNEL_LABELS[c.channel] ?? c.label) : null;
  }
  m = /^dossier\[(\d+)\]\.components\[(\d+)\]/.exec(field);
  if (m) return p.record.dossier.value?.[Number(m[1])]?.components[Number(m[2])]?.name ?? null;
  m = /^legalBasis\[(\d+)\]/.exec(field);
  if (m) return p.record.legalBasis.value?.[Number(m[1])]?.raw ?? null;
  return null;
}

function CorrectionForm({ p, version }: { p: ProcedureDetail; version: ProcedureVersion }) {
  const queryClient = useQueryClient();
  const fields = [...new Set(version.flags.filter((f) => f.correctable && kindOf(f.field)).map((f) => f.field))];
  // Time limits and fees a dossier depends on can be corrected even when not flagged.
  for (const [ci, c] of (p.record.channels.value ?? []).entries()) {
    c.processingTimes.forEach((_, ti) => {
      const f = `channels[${ci}].processingTimes[${ti}]`;
      if (!fields.includes(f)) fields.push(f);
    });
    c.fees.forEach((_, fi) => {
      const f = `channels[${ci}].fees[${fi}].amountVnd`;
      if (!fields.includes(f)) fields.push(f);
    });
  }
  const flagged = new Map(version.flags.map((f) => [f.field, f]));
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [reason, setReason] = useState('');
  const [source, setSource] = useState('');
  const [sent, setSent] = useState<string[]>([]);
  const edited = fields.filter((f) => drafts[f] !== undefined);
  const save = useMutation({
    mutationFn: (body: CorrectionBody) => correctProcedure(p.code, version.etag, body),
    onSuccess: async () => {
      setDrafts({});
      setReason('');
      setSource('');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['admin', 'procedure', p.code] }),
        queryClient.invalidateQueries({ queryKey: ['admin', 'procedure-versions', p.code] }),
        queryClient.invalidateQueries({ queryKey: ['admin', 'procedures'] }),
      ]);
    },
  });
  const problems = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const problemOf = (pointer: string) => problems.find((e) => e.field === pointer)?.message;
  const fieldProblem = (field: string) => {
    const i = sent.indexOf(field);
    return i < 0 ? undefined : (problemOf(`/body/corrections/${i}/value`) ?? problemOf(`/body/corrections/${i}/field`));
  };
  const set = (field: string, patch: Draft) => setDrafts((d) => ({ ...d, [field]: { ...d[field], ...patch } }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const corrections = edited.map((f) => ({ field: f, value: toValue(kindOf(f)!, drafts[f]!) }));
    setSent(edited);
    save.mutate({
      corrections,
      reason,
      source,
    });
  }

  const today = vietnamDate(new Date());
  return (
    <section className="office-card catalog-form" aria-labelledby="fix-h">
      <h2 className="office-h2" id="fix-h">
        Sửa dữ liệu thủ tục
      </h2>
      <p className="small">
        Nhập giá trị theo văn bản công bố hoặc quyết định của tỉnh, ghi rõ nguồn. Trường được đánh dấu{' '}
        <span className="catalog-flagged">vàng</span> là trường bộ nạp chưa đọc được. Lưu sẽ mở phiên bản mới có hiệu
        lực từ hôm nay (phiên bản cũ được giữ lại), hoặc sửa phiên bản bắt đầu từ hôm nay.
      </p>
      {save.isSuccess ? (
        <Alert
          tone="success"
          title={save.data.mode === 'new_version' ? 'Đã tạo phiên bản mới' : 'Đã sửa phiên bản hiện hành'}
        >
          <p>
            Phiên bản từ {day(save.data.version.versionFrom)}: {save.data.cleared.length} trường đã được giải quyết, còn{' '}
            {save.data.version.flagCount} trường cần kiểm tra.
          </p>
        </Alert>
      ) : null}
      {save.isError ? (
        save.error instanceof ApiError && save.error.status === 412 ? (
          <Alert tone="error" title="Thủ tục vừa được người khác sửa">
            <p>{save.error.problem.detail}</p>
            <button
              type="button"
              className="office-link-button"
              onClick={() => {
                save.reset();
                void queryClient.invalidateQueries({ queryKey: ['admin', 'procedure-versions', p.code] });
                void queryClient.invalidateQueries({ queryKey: ['admin', 'procedure', p.code] });
              }}
            >
              Tải lại dữ liệu mới
            </button>
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        )
      ) : null}
      <form onSubmit={submit} noValidate>
        {fields.map((f) => (
          <FieldEditor
            key={f}
            field={f}
            kind={kindOf(f)!}
            flag={flagged.get(f)}
            context={contextOf(p, f)}
            draft={drafts[f]}
            onChange={(patch) => set(f, patch)}
            onReset={() =>
              setDrafts((d) => {
                const { [f]: _, ...rest } = d;
                return rest;
              })
            }
            error={fieldProblem(f)}
          />
        ))}
        <fieldset className="office-fieldset">
          <legend className="office-h3">Nguồn và lý do</legend>
          <TextField
            id="fix-source"
            label="Nguồn của giá trị mới"
            hint="Văn bản, quyết định công bố, nghị quyết HĐND tỉnh…"
            type="text"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            error={problemOf('/body/source')}
          />
          <TextField
            id="fix-reason"
            label="Lý do sửa"
            type="text"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={problemOf('/body/reason')}
          />
          {/* A correction takes effect on the day it is saved (the server refuses other dates: a
              future version would be read as current at once). */}
          <p className="small muted">Có hiệu lực từ hôm nay ({day(today)}).</p>
        </fieldset>
        <Button type="submit" disabled={save.isPending || edited.length === 0}>
          Lưu {edited.length > 0 ? `${edited.length} thay đổi` : ''}
        </Button>
      </form>
    </section>
  );
}

/** The choices of the select-type corrections ('' = not chosen yet), and which draft key each sets. */
const CHOICES: Partial<Record<Kind, { key: 'scope' | 'kind' | 'requirement'; options: Record<string, string> }>> = {
  online: { key: 'scope', options: { full: 'Toàn trình', partial: 'Một phần' } },
  feeKind: { key: 'kind', options: { fee: 'Phí', charge: 'Lệ phí' } },
  requirement: { key: 'requirement', options: REQUIREMENT_LABELS },
};

function FieldEditor({
  field,
  kind,
  flag,
  context,
  draft,
  onChange,
  onReset,
  error,
}: {
  field: string;
  kind: Kind;
  flag: Flag | undefined;
  context: string | null;
  draft: Draft | undefined;
  onChange(patch: Draft): void;
  onReset(): void;
  error: string | undefined;
}) {
  const d = draft ?? {};
  const numeric = (key: 'amount' | 'originals', common: ControlProps, label?: string) => (
    <input
      className="input"
      inputMode="numeric"
      {...(label ? { 'aria-label': `${fieldLabel(field)}: ${label}` } : {})}
      value={d[key] ?? ''}
      {...common}
      onChange={(e) => onChange({ [key]: e.target.value })}
    />
  );
  const controlOf = (common: ControlProps): ReactNode => {
    const choice = CHOICES[kind];
    if (choice) {
      return (
        <select
          className="select"
          value={d[choice.key] ?? ''}
          {...common}
          onChange={(e) => onChange({ [choice.key]: e.target.value })}
        >
          <option value="">— Chọn —</option>
          {Object.entries(choice.options).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      );
    }
    switch (kind) {
      case 'list':
        return (
          <textarea
            className="input"
            rows={3}
            value={d.text ?? ''}
            {...common}
            onChange={(e) => onChange({ text: e.target.value })}
          />
        );
      case 'duration':
        return (
          <span className="catalog-pair">
            {numeric('amount', common, 'số')}
            <select
              className="select"
              aria-label={`${fieldLabel(field)}: đơn vị`}
              value={d.unit ?? 'working_day'}
              onChange={(e) => onChange({ unit: e.target.value })}
            >
              {Object.entries(UNIT_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </span>
        );
      case 'amount':
        return numeric('amount', common);
      case 'quantity':
        return (
          <span className="catalog-pair">
            {numeric('originals', common, 'bản chính')}
            <input
              className="input"
              inputMode="numeric"
              aria-label={`${fieldLabel(field)}: bản sao`}
              value={d.copies ?? ''}
              onChange={(e) => onChange({ copies: e.target.value })}
            />
          </span>
        );
      default: // text, actNumber
        return (
          <input
            className="input"
            value={d.text ?? ''}
            {...common}
            onChange={(e) => onChange({ text: e.target.value })}
          />
        );
    }
  };
  const unitHint =
    kind === 'amount'
      ? ' Đơn vị: đồng; 0 = miễn thu.'
      : kind === 'list'
        ? ' Mỗi dòng một mục; để trống = không có.'
        : '';
  return (
    <FieldFrame
      id={inputId(field)}
      className={flag ? 'catalog-field--flagged' : undefined}
      label={
        <>
          {fieldLabel(field)}
          {flag ? <Tag tone="yellow">{FLAG_CODE_LABELS[flag.code] ?? flag.code}</Tag> : null}
        </>
      }
      hint={
        <>
          {context ? <span>{context.slice(0, 160)}. </span> : null}
          {flag ? flag.reason : 'Không bắt buộc sửa.'}
          {unitHint}
        </>
      }
      error={error}
    >
      {(control) => (
        <>
          {controlOf(control)}
          {draft ? (
            <button type="button" className="office-link-button small" onClick={onReset}>
              Bỏ thay đổi<span className="visually-hidden"> {fieldLabel(field)}</span>
            </button>
          ) : null}
        </>
      )}
    </FieldFrame>
  );
}
