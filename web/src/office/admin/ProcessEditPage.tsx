/**
 * The process-definition editor, in two modes:
 *  - `new`: a new version edited from a copy of an existing one, saved as a draft (POST);
 *  - `edit`: a draft edited in place (PUT, from the revision loaded: somebody else's save in
 *    between answers 409 and nothing is overwritten).
 * Everything a version holds can be edited: the date it takes effect, the total time, the start
 * step; steps added, removed and moved, each with its name, role, agency (receiving agency, the
 * agency a transfer goes to, or a fixed agency picked from the catalogue), share of the time and
 * the dossier's status there; actions with their label, target step, inputs asked of the official
 * and guards. While typing, the server validates the whole definition (POST …/validate, a dry run
 * that writes nothing: the rules live only in process.validate.ts) and draws its diagram; the
 * problems are listed against the inputs. A step removed while actions still lead to it is not
 * silently dropped: those actions keep the missing target and the server reports them.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { vietnamDate } from '../../shared/format.ts';
import { ErrorSummary, type SummaryError } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Loading } from '../../shared/ui/index.ts';
import { OfficeTitle } from '../OfficeLayout.tsx';
import {
  ACTION_LABELS,
  type ActionSpec,
  agenciesQuery,
  agencySearchQuery,
  DOSSIER_STATUS_LABELS,
  definitionQuery,
  definitionsQuery,
  GUARD_KINDS,
  GUARD_LABELS,
  MOVING,
  OPTIONALLY_MOVING,
  type ProcessDefinition,
  REQUIREMENT_LABELS,
  STEP_ROLE_LABELS,
  STEP_STATUS_CHOICES,
  type Step,
  type StepAgency,
  type StepRole,
  saveDefinition,
  scopeLabel,
  updateDraft,
  validateDefinition,
} from './admin.api.ts';
import { shareText } from './ProcessPages.tsx';
import { fieldTarget, problemText } from './process.problems.ts';
import './process-editor.css';
import { DateField } from '../DateField.tsx';

function copyForNewVersion(def: ProcessDefinition, next: number): ProcessDefinition {
  const copy = structuredClone(def);
  return { ...copy, version: next, status: 'draft', effectiveFrom: vietnamDate(new Date()), effectiveTo: null };
}

/** A step id not used yet (the server's pattern: lower-case letters, digits, underscores). */
function newStepId(def: ProcessDefinition): string {
  const used = new Set(def.steps.map((s) => s.id));
  let n = def.steps.length + 1;
  while (used.has(`buoc_${n}`)) n++;
  return `buoc_${n}`;
}

/** Where the actions that lead to a step are: "Bước 2 «…», thao tác «…»". */
function referencesTo(def: ProcessDefinition, stepId: string): string[] {
  const refs: string[] = [];
  def.steps.forEach((s, i) => {
    for (const a of s.actions) {
      if (a.to === stepId && s.id !== stepId) refs.push(`Bước ${i + 1} «${s.name}», thao tác «${a.label}»`);
    }
  });
  return refs;
}

const GUARD_TEXT: Record<string, string> = {
  fee_paid: 'Đã nộp phí',
  components_present: 'Đủ thành phần bắt buộc',
  identity_level: 'Định danh điện tử mức',
  result_attached: 'Đã có kết quả',
};

function newGuard(kind: string): ActionSpec['guards'][number] {
  if (kind === 'components_present') return { kind, required: 'all_required' };
  if (kind === 'identity_level') return { kind, min: 2 };
  return { kind };
}

export function ProcessEditPage({ mode = 'new' }: { mode?: 'new' | 'edit' }) {
  const params = useParams();
  const id = params.id ?? '';
  const from = Number(params.version);
  const source = useQuery(definitionQuery(id, from));
  // The revision of a draft is read with the list: fresh, so that a save compares with what is loaded.
  const list = useQuery({ ...definitionsQuery, staleTime: mode === 'edit' ? 0 : definitionsQuery.staleTime });
  const agencies = useQuery(agenciesQuery);
  const names = agencies.data?.names ?? new Map<string, string>();
  const [draft, setDraft] = useState<ProcessDefinition | null>(null);
  const [revision, setRevision] = useState<string | null>(null);
  const [problems, setProblems] = useState<SummaryError[]>([]);
  const [notice, setNotice] = useState<{ title: string; lines: string[] } | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const summary = list.data?.items.find((d) => d.id === id && d.version === from);
  const next = list.data
    ? Math.max(from, ...list.data.items.filter((d) => d.id === id).map((d) => d.version)) + 1
    : null;
  useEffect(() => {
    if (!source.data || draft !== null) return;
    if (mode === 'edit') {
      if (summary) {
        setDraft(structuredClone(source.data));
        setRevision(summary.updatedAt);
      }
    } else if (next !== null) setDraft(copyForNewVersion(source.data, next));
  }, [source.data, next, draft, mode, summary]);

  // The server's dry run of what is on screen, a moment after the last keystroke.
  const [checked, setChecked] = useState<ProcessDefinition | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setChecked(draft), 350);
    return () => clearTimeout(timer);
  }, [draft]);
  const dryRun = useQuery({
    queryKey: ['admin', 'definition-check', checked ? JSON.stringify(checked) : ''] as const,
    queryFn: ({ signal }) => validateDefinition(checked!, signal),
    enabled: checked !== null,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });

  const save = useMutation({
    mutationFn: (def: ProcessDefinition) => (mode === 'edit' ? updateDraft(def, revision ?? '') : saveDefinition(def)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
      navigate(`/quan-tri/quy-trinh/${encodeURIComponent(saved.id)}/${saved.version}`, {
        state: { saved: mode === 'edit' ? 'edited' : true },
      });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.errors && err.problem.errors.length > 0 && draft) {
        setProblems(
          err.problem.errors.map((e) => ({
            target: fieldTarget(e.field),
            message: problemText(e.field, e.message, draft),
          })),
        );
      } else setProblems([]);
    },
  });

  if (source.isPending || list.isPending) return <Loading label="Đang tải quy trình…" />;
  if (source.isError) return <ErrorAlert error={source.error} onRetry={() => source.refetch()} />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  if (mode === 'edit' && source.data.status !== 'draft') {
    return (
      <Alert tone="error" title="Không sửa được phiên bản này">
        <p>
          Chỉ bản nháp được sửa tại chỗ.{' '}
          <Link to={`/quan-tri/quy-trinh/${encodeURIComponent(id)}/${from}/moi`}>Tạo phiên bản mới từ bản này</Link>.
        </p>
      </Alert>
    );
  }
  if (!draft) return <Loading label="Đang chuẩn bị bản sao…" />;
  const d = draft;

  const update = (fn: (def: ProcessDefinition) => void) =>
    setDraft((cur) => {
      if (!cur) return cur;
      const copy = structuredClone(cur);
      fn(copy);
      return copy;
    });
  const setStep = (si: number, fn: (s: Step) => void) =>
    update((def) => {
      const s = def.steps[si];
      if (s) fn(s);
    });
  const setAction = (si: number, ai: number, fn: (a: ActionSpec) => void) =>
    update((def) => {
      const a = def.steps[si]?.actions[ai];
      if (a) fn(a);
    });
  const moveStep = (si: number, by: -1 | 1) => {
    const to = si + by;
    if (to < 0 || to >= d.steps.length) return;
    update((def) => {
      const [s] = def.steps.splice(si, 1);
      def.steps.splice(to, 0, s!);
    });
    setNotice({
      title: `Đã chuyển bước «${d.steps[si]!.name}» ${by < 0 ? 'lên' : 'xuống'} vị trí ${to + 1}.`,
      lines: [],
    });
    // Keep the keyboard on the moved step's button.
    requestAnimationFrame(() => document.getElementById(`step-${to}-${by < 0 ? 'up' : 'down'}`)?.focus());
  };
  const removeStep = (si: number) => {
    const s = d.steps[si]!;
    const refs = referencesTo(d, s.id);
    update((def) => {
      def.steps.splice(si, 1);
    });
    setNotice({
      title: `Đã xoá bước «${s.name}».`,
      lines:
        refs.length > 0
          ? [
              'Các thao tác sau vẫn chuyển hồ sơ đến bước đã xoá; hãy chọn lại bước đích (hệ thống không tự bỏ chúng):',
              ...refs,
            ]
          : s.id === d.startStep
            ? ['Đây là bước bắt đầu: hãy chọn bước bắt đầu khác.']
            : [],
    });
  };
  const addStep = () => {
    const stepId = newStepId(d);
    update((def) => {
      def.steps.push({
        id: stepId,
        name: 'Bước mới',
        role: 'specialist',
        agency: { kind: 'receiving' },
        share: 1,
        dossierStatus: 'in_progress',
        actions: [],
      });
    });
    setNotice({ title: `Đã thêm bước ${d.steps.length + 1} (mã ${stepId}).`, lines: [] });
    requestAnimationFrame(() => document.getElementById(`step-${d.steps.length}-name`)?.focus());
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblems([]);
    save.mutate(d);
  }
  const unit = d.totalTime.unit === 'working_days' ? 'ngày làm việc' : 'giờ làm việc';
  const otherError = save.isError && problems.length === 0;
  const back = `/quan-tri/quy-trinh/${encodeURIComponent(id)}/${from}`;
  const startKnown = d.steps.some((s) => s.id === d.startStep);
  const title =
    mode === 'edit'
      ? {
          short: `Sửa bản nháp phiên bản ${d.version} của quy trình ${d.procedureCode}`,
          long: `Sửa bản nháp ${d.version}`,
        }
      : { short: `Phiên bản mới ${d.version} của quy trình ${d.procedureCode}`, long: `Phiên bản mới ${d.version}` };

  return (
    <>
      <p className="small">
        <Link to={back}>‹ Phiên bản {from}</Link>
      </p>
      <OfficeTitle title={title.short}>
        {title.long}: {d.name}
      </OfficeTitle>
      <p>
        {mode === 'edit' ? `Bản nháp phiên bản ${from}` : `Sao chép từ phiên bản ${from}`}, áp dụng cho{' '}
        {scopeLabel(d.agencyCode, names)}. Hệ thống kiểm tra quy trình ngay khi sửa; khi lưu, quy trình được kiểm tra
        lại toàn bộ và lưu thành bản nháp, chỉ áp dụng sau khi công bố.
      </p>
      <ErrorSummary errors={problems} title="Quy trình chưa hợp lệ" />
      {otherError ? <ErrorAlert error={save.error} /> : null}
      <div className="pe-layout">
        <form onSubmit={submit} noValidate className="admin-editor pe-form">
          <fieldset className="office-fieldset">
            <legend className="office-h3">Hiệu lực, thời hạn và bước bắt đầu</legend>
            <div className="pe-grid3">
              <DateField
                id="def-effective-from"
                label="Áp dụng từ ngày"
                value={d.effectiveFrom}
                onChange={(iso) =>
                  update((def) => {
                    def.effectiveFrom = iso;
                  })
                }
              />
              <div className="field">
                <label className="field__label" htmlFor="def-total">
                  Thời hạn giải quyết ({unit})
                </label>
                <input
                  id="def-total"
                  className="input"
                  type="number"
                  min={0}
                  step="any"
                  value={Number.isNaN(d.totalTime.amount) ? '' : d.totalTime.amount}
                  onChange={(e) =>
                    update((def) => {
                      def.totalTime.amount = e.target.valueAsNumber;
                    })
                  }
                />
              </div>
              <div className="field">
                <label className="field__label" htmlFor="def-start">
                  Bước bắt đầu
                </label>
                <select
                  id="def-start"
                  className="select"
                  value={d.startStep}
                  onChange={(e) =>
                    update((def) => {
                      def.startStep = e.target.value;
                    })
                  }
                >
                  {startKnown ? null : <option value={d.startStep}>«{d.startStep}» — bước đã xoá</option>}
                  {d.steps.map((t, ti) => (
                    <option key={t.id} value={t.id}>
                      {ti + 1}. {t.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>

          {notice ? (
            <div className="pe-notice" role="status">
              <p>
                <strong>{notice.title}</strong>
              </p>
              {notice.lines.length > 0 ? (
                <ul>
                  {notice.lines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}

          {d.steps.map((s, si) => (
            <StepEditor
              key={s.id}
              def={d}
              step={s}
              index={si}
              names={names}
              setStep={(fn) => setStep(si, fn)}
              setAction={(ai, fn) => setAction(si, ai, fn)}
              onMove={(by) => moveStep(si, by)}
              onRemove={() => removeStep(si)}
            />
          ))}
          <div className="office-filters__buttons pe-add-step">
            <Button variant="secondary" onClick={addStep}>
              Thêm bước
            </Button>
          </div>
          <div className="office-filters__buttons">
            <Button type="submit" disabled={save.isPending}>
              {mode === 'edit' ? 'Kiểm tra và lưu bản nháp' : 'Kiểm tra và lưu bản nháp'}
            </Button>
            <Link className="btn btn--secondary" to={back}>
              Hủy
            </Link>
          </div>
        </form>
        <CheckPanel def={d} dryRun={dryRun.data} pending={dryRun.isFetching} error={dryRun.error} unit={unit} />
      </div>
    </>
  );
}

/** The live check beside the form: the sum of shares, the server's problems, the diagram. */
function CheckPanel({
  def,
  dryRun,
  pending,
  error,
  unit,
}: {
  def: ProcessDefinition;
  dryRun: Awaited<ReturnType<typeof validateDefinition>> | undefined;
  pending: boolean;
  error: Error | null;
  unit: string;
}) {
  const [large, setLarge] = useState(false);
  // The last diagram drawn stays while the definition cannot be drawn (an agency not chosen yet).
  const [lastSvg, setLastSvg] = useState<string | null>(null);
  const svg = dryRun?.svg;
  useEffect(() => {
    if (svg) setLastSvg(svg);
  }, [svg]);
  const localTotal = def.steps.reduce((s, x) => s + (Number.isFinite(x.share) && x.share > 0 ? x.share : 0), 0);
  const total = dryRun?.shareTotal ?? localTotal;
  const count = dryRun?.problems.length ?? 0;
  const shown = svg ?? lastSvg;
  const src = shown ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(shown)}` : null;
  return (
    <aside className={`pe-panel${large ? ' pe-panel--large' : ''}`} aria-labelledby="pe-panel-title">
      <h2 className="office-h3" id="pe-panel-title">
        Kiểm tra và sơ đồ
      </h2>
      <p className="pe-total">
        Tổng tỷ trọng: <strong>{Math.round(total * 100) / 100}</strong> = {def.totalTime.amount} {unit}
      </p>
      <div aria-live="polite" className="pe-status">
        {error ? (
          <p className="pe-bad">Chưa kiểm tra được: {error.message}</p>
        ) : !dryRun ? (
          <p className="muted">Đang kiểm tra…</p>
        ) : count === 0 ? (
          <p className="pe-good">Quy trình hợp lệ{pending ? ' (đang kiểm tra lại…)' : ''}.</p>
        ) : (
          <p className="pe-bad">
            {count} lỗi cần sửa{pending ? ' (đang kiểm tra lại…)' : ''}:
          </p>
        )}
      </div>
      {dryRun && count > 0 ? (
        <ul className="pe-problems" aria-label="Lỗi của quy trình đang sửa">
          {dryRun.problems.map((p) => {
            const target = fieldTarget(p.path);
            return (
              <li key={`${p.code}:${p.path}:${p.message}`}>
                <a
                  href={`#${target}`}
                  onClick={(event) => {
                    const el = document.getElementById(target);
                    if (!el) return;
                    event.preventDefault();
                    el.scrollIntoView({ block: 'center' });
                    el.focus();
                  }}
                >
                  {problemText(p.path, p.message, def)}
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
      {src ? (
        <figure className="admin-diagram pe-diagram">
          <img src={src} alt={`Sơ đồ xem trước: ${def.steps.map((s) => s.name).join(' → ')}`} />
          <figcaption className="small muted">
            {svg ? null : 'Sơ đồ chưa cập nhật: sửa các trường sai kiểu dữ liệu trước. '}
            Sơ đồ xem trước do máy chủ vẽ; viền đỏ: bước có lỗi.{' '}
            <button type="button" className="office-link-button" onClick={() => setLarge((x) => !x)}>
              {large ? 'Thu nhỏ sơ đồ' : 'Phóng to sơ đồ'}
            </button>
          </figcaption>
        </figure>
      ) : dryRun ? (
        <p className="small muted">Sơ đồ hiện khi các trường đã đúng kiểu dữ liệu.</p>
      ) : null}
    </aside>
  );
}

function StepEditor({
  def,
  step: s,
  index: si,
  names,
  setStep,
  setAction,
  onMove,
  onRemove,
}: {
  def: ProcessDefinition;
  step: Step;
  index: number;
  names: Map<string, string>;
  setStep: (fn: (s: Step) => void) => void;
  setAction: (ai: number, fn: (a: ActionSpec) => void) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const known = new Set(def.steps.map((t) => t.id));
  return (
    <fieldset className="office-fieldset admin-step">
      <legend className="office-h3">
        Bước {si + 1}
        {s.id === def.startStep ? ' (bắt đầu)' : ''}: {s.name}
      </legend>
      <div className="pe-step-tools">
        <span className="small muted">mã {s.id}</span>
        <button
          id={`step-${si}-up`}
          type="button"
          className="office-link-button"
          disabled={si === 0}
          onClick={() => onMove(-1)}
        >
          Lên<span className="visually-hidden"> bước {s.name}</span>
        </button>
        <button
          id={`step-${si}-down`}
          type="button"
          className="office-link-button"
          disabled={si === def.steps.length - 1}
          onClick={() => onMove(1)}
        >
          Xuống<span className="visually-hidden"> bước {s.name}</span>
        </button>
        <button
          type="button"
          className="office-link-button pe-danger"
          disabled={def.steps.length === 1}
          onClick={onRemove}
        >
          Xoá bước<span className="visually-hidden"> {s.name}</span>
        </button>
      </div>
      <div className="pe-step-grid">
        <div className="field pe-f-name">
          <label className="field__label" htmlFor={`step-${si}-name`}>
            Tên bước
          </label>
          <input
            id={`step-${si}-name`}
            className="input"
            value={s.name}
            onChange={(e) =>
              setStep((x) => {
                x.name = e.target.value;
              })
            }
          />
        </div>
        <div className="field pe-f-role">
          <label className="field__label" htmlFor={`step-${si}-role`}>
            Vai trò thực hiện
          </label>
          <select
            id={`step-${si}-role`}
            className="select"
            value={s.role}
            onChange={(e) =>
              setStep((x) => {
                x.role = e.target.value as StepRole;
              })
            }
          >
            {Object.entries(STEP_ROLE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field pe-f-share">
          <label className="field__label" htmlFor={`step-${si}-share`}>
            Tỷ trọng thời gian
          </label>
          <input
            id={`step-${si}-share`}
            className="input"
            type="number"
            step="any"
            aria-describedby={`step-${si}-share-hint`}
            value={Number.isNaN(s.share) ? '' : s.share}
            onChange={(e) =>
              setStep((x) => {
                x.share = e.target.valueAsNumber;
              })
            }
          />
          <p className="small muted" id={`step-${si}-share-hint`}>
            {shareText(def, s.share)}
          </p>
        </div>
        <AgencyPicker
          index={si}
          agency={s.agency}
          names={names}
          onChange={(agency) =>
            setStep((x) => {
              x.agency = agency;
            })
          }
        />
        <div className="field pe-f-status">
          <label className="field__label" htmlFor={`step-${si}-status`}>
            Trạng thái hồ sơ tại bước
          </label>
          <select
            id={`step-${si}-status`}
            className="select"
            value={s.dossierStatus}
            onChange={(e) =>
              setStep((x) => {
                x.dossierStatus = e.target.value;
              })
            }
          >
            {STEP_STATUS_CHOICES.map((v) => (
              <option key={v} value={v}>
                {DOSSIER_STATUS_LABELS[v] ?? v}
              </option>
            ))}
          </select>
        </div>
      </div>
      {s.actions.length === 0 ? (
        <p className="muted">Bước chưa có thao tác nào.</p>
      ) : (
        <ul className="pe-actions" aria-label={`Thao tác tại bước ${s.name}`}>
          {s.actions.map((a, ai) => {
            const key = `step-${si}-action-${ai}`;
            const moving = MOVING.has(a.kind) || OPTIONALLY_MOVING.has(a.kind);
            const missing = a.to !== undefined && !known.has(a.to);
            const kindLabel = ACTION_LABELS[a.kind] ?? a.kind;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions have no id; the position is the identity while editing
              <li key={ai} className="pe-action">
                <div className="pe-action__row">
                  <strong className="pe-action__kind">{kindLabel}</strong>
                  <div>
                    <label className="pe-action__caption" htmlFor={`${key}-label`}>
                      Nhãn<span className="visually-hidden"> của thao tác {kindLabel}</span>
                    </label>
                    <input
                      id={`${key}-label`}
                      className="input"
                      value={a.label}
                      onChange={(e) =>
                        setAction(ai, (x) => {
                          x.label = e.target.value;
                        })
                      }
                    />
                  </div>
                  <div>
                    {moving ? (
                      <>
                        <label className="pe-action__caption" htmlFor={`${key}-to`}>
                          Chuyển đến bước<span className="visually-hidden"> (thao tác {a.label})</span>
                        </label>
                        <select
                          id={`${key}-to`}
                          className={`select${missing ? ' pe-missing' : ''}`}
                          value={a.to ?? ''}
                          aria-invalid={missing || undefined}
                          onChange={(e) =>
                            setAction(ai, (x) => {
                              if (e.target.value) x.to = e.target.value;
                              else delete x.to;
                            })
                          }
                        >
                          <option value="">{MOVING.has(a.kind) ? '— chọn bước —' : 'Ở lại bước này'}</option>
                          {missing ? <option value={a.to}>«{a.to}» — bước đã xoá</option> : null}
                          {def.steps.map((t, ti) => (
                            <option key={t.id} value={t.id}>
                              {ti + 1}. {t.name}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      <span className="pe-action__caption muted">Không chuyển bước</span>
                    )}
                  </div>
                  <button
                    type="button"
                    className="office-link-button"
                    onClick={() =>
                      setStep((x) => {
                        x.actions.splice(ai, 1);
                      })
                    }
                  >
                    Bỏ<span className="visually-hidden"> thao tác {a.label}</span>
                  </button>
                </div>
                <fieldset className="admin-requires pe-checks">
                  <legend className="pe-checks__legend">Phải nhập</legend>
                  {Object.entries(REQUIREMENT_LABELS).map(([r, label]) => (
                    <label key={r} className="admin-check">
                      <input
                        type="checkbox"
                        checked={a.requires.includes(r)}
                        onChange={(e) =>
                          setAction(ai, (x) => {
                            x.requires = e.target.checked ? [...x.requires, r] : x.requires.filter((y) => y !== r);
                          })
                        }
                      />{' '}
                      {label}
                      <span className="visually-hidden"> (thao tác {a.label})</span>
                    </label>
                  ))}
                </fieldset>
                <GuardsEditor idPrefix={key} action={a} onChange={(fn) => setAction(ai, fn)} />
              </li>
            );
          })}
        </ul>
      )}
      <AddAction
        id={`step-${si}-add`}
        stepName={s.name}
        onAdd={(kind) =>
          setStep((x) => {
            x.actions.push({ kind, guards: [], requires: [], label: ACTION_LABELS[kind] ?? kind });
          })
        }
      />
    </fieldset>
  );
}

/** Guards: conditions the server checks before the action is allowed (process.schemas.ts Guard). */
function GuardsEditor({
  idPrefix,
  action: a,
  onChange,
}: {
  idPrefix: string;
  action: ActionSpec;
  onChange: (fn: (a: ActionSpec) => void) => void;
}) {
  const level = a.guards.find((g) => g.kind === 'identity_level');
  return (
    <fieldset className="admin-requires pe-checks">
      <legend className="pe-checks__legend">Chỉ khi</legend>
      {GUARD_KINDS.map((kind) => {
        const on = a.guards.some((g) => g.kind === kind);
        return (
          <label key={kind} className="admin-check">
            <input
              type="checkbox"
              checked={on}
              onChange={(e) =>
                onChange((x) => {
                  x.guards = e.target.checked ? [...x.guards, newGuard(kind)] : x.guards.filter((g) => g.kind !== kind);
                })
              }
            />{' '}
            {GUARD_TEXT[kind] ?? GUARD_LABELS[kind] ?? kind}
            <span className="visually-hidden"> (thao tác {a.label})</span>
          </label>
        );
      })}
      {level ? (
        <span className="admin-check">
          <label className="visually-hidden" htmlFor={`${idPrefix}-level`}>
            Mức định danh tối thiểu của thao tác {a.label}
          </label>
          <select
            id={`${idPrefix}-level`}
            className="select pe-level"
            value={String(level.min ?? 2)}
            onChange={(e) =>
              onChange((x) => {
                x.guards = x.guards.map((g) =>
                  g.kind === 'identity_level' ? { kind: 'identity_level', min: Number(e.target.value) } : g,
                );
              })
            }
          >
            <option value="1">mức 1</option>
            <option value="2">mức 2</option>
          </select>
        </span>
      ) : null}
    </fieldset>
  );
}

/**
 * Who does the step: the agency that received the dossier, the agency a transfer goes to (chosen
 * when transferring), or a fixed agency looked up in the catalogue by a few letters of its name.
 */
function AgencyPicker({
  index: si,
  agency,
  names,
  onChange,
}: {
  index: number;
  agency: StepAgency;
  names: Map<string, string>;
  onChange: (a: StepAgency) => void;
}) {
  const [q, setQ] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);
  const found = useQuery(agencySearchQuery(term));
  const hintId = useId();
  const fixed = agency.kind === 'fixed' ? agency.code : null;
  const options = new Map<string, string>();
  if (fixed) options.set(fixed, names.get(fixed) ?? fixed);
  for (const a of found.data?.items ?? []) options.set(a.code, a.name);
  return (
    <div className="field pe-f-agency">
      <label className="field__label" htmlFor={`step-${si}-agency`}>
        Cơ quan thực hiện
      </label>
      <select
        id={`step-${si}-agency`}
        className="select"
        value={agency.kind}
        onChange={(e) => {
          const kind = e.target.value;
          if (kind === 'fixed') {
            const first = [...options.keys()][0];
            onChange({ kind: 'fixed', code: first ?? '' });
          } else onChange({ kind } as StepAgency);
        }}
      >
        <option value="receiving">Cơ quan tiếp nhận hồ sơ</option>
        <option value="transfer_target">Cơ quan nhận liên thông (chọn khi chuyển)</option>
        <option value="fixed">Một cơ quan cố định…</option>
      </select>
      {agency.kind === 'fixed' ? (
        <div className="pe-agency__pick">
          <div>
            <label className="field__label small" htmlFor={`step-${si}-agency-q`}>
              Tìm cơ quan
            </label>
            <input
              id={`step-${si}-agency-q`}
              className="input"
              type="search"
              value={q}
              aria-describedby={hintId}
              onChange={(e) => setQ(e.target.value)}
            />
            <p className="small muted" id={hintId}>
              {term.length < 2
                ? 'Gõ ít nhất 2 chữ của tên hoặc mã'
                : found.isFetching
                  ? 'Đang tìm…'
                  : `${found.data?.items.length ?? 0} cơ quan khớp`}
            </p>
          </div>
          <div>
            <label className="field__label small" htmlFor={`step-${si}-agency-code`}>
              Cơ quan
            </label>
            <select
              id={`step-${si}-agency-code`}
              className="select"
              value={fixed ?? ''}
              onChange={(e) => onChange({ kind: 'fixed', code: e.target.value })}
            >
              {fixed ? null : <option value="">— chọn cơ quan —</option>}
              {[...options].map(([code, name]) => (
                <option key={code} value={code}>
                  {name} ({code})
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function AddAction({ id, stepName, onAdd }: { id: string; stepName: string; onAdd: (kind: string) => void }) {
  const [kind, setKind] = useState('forward');
  return (
    <div className="office-inline">
      <div className="field admin-add-action">
        <label className="field__label" htmlFor={id}>
          Thêm thao tác tại bước «{stepName}»
        </label>
        <select id={id} className="select" value={kind} onChange={(e) => setKind(e.target.value)}>
          {Object.entries(ACTION_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Button variant="secondary" onClick={() => onAdd(kind)}>
        Thêm thao tác<span className="visually-hidden"> tại bước {stepName}</span>
      </Button>
    </div>
  );
}
