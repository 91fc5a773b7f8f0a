/**
 * A new version of a process definition, edited from a copy of an existing one: the date it takes
 * effect, the total time, and for each step its name, role, share of the time and actions (label,
 * target step, inputs asked of the official; remove or add). Saving sends it to the server, which
 * checks it in full (process.validate.ts: shape, targets, reachability, mandatory inputs) and stores
 * it as a draft; its problems come back in Vietnamese and are listed against the fields here.
 * Publishing is a separate, deliberate step on the version's page.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { vietnamDate } from '../../shared/format.ts';
import { ErrorSummary, type SummaryError } from '../../shared/ui/form-extras.tsx';
import { Button, ErrorAlert, Loading } from '../../shared/ui/index.ts';
import { OfficeTitle } from '../OfficeLayout.tsx';
import {
  ACTION_LABELS,
  type ActionSpec,
  agenciesQuery,
  agencyLabel,
  definitionQuery,
  definitionsQuery,
  MOVING,
  OPTIONALLY_MOVING,
  type ProcessDefinition,
  REQUIREMENT_LABELS,
  STEP_ROLE_LABELS,
  type StepRole,
  saveDefinition,
  scopeLabel,
} from './admin.api.ts';
import { shareText } from './ProcessPages.tsx';
import { fieldTarget, problemText } from './process.problems.ts';

function copyForNewVersion(def: ProcessDefinition, next: number): ProcessDefinition {
  const copy = structuredClone(def);
  return { ...copy, version: next, status: 'draft', effectiveFrom: vietnamDate(new Date()), effectiveTo: null };
}

export function ProcessEditPage() {
  const params = useParams();
  const id = params.id ?? '';
  const from = Number(params.version);
  const source = useQuery(definitionQuery(id, from));
  const list = useQuery(definitionsQuery);
  const agencies = useQuery(agenciesQuery);
  const names = agencies.data?.names ?? new Map<string, string>();
  const [draft, setDraft] = useState<ProcessDefinition | null>(null);
  const [problems, setProblems] = useState<SummaryError[]>([]);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const next = list.data
    ? Math.max(from, ...list.data.items.filter((d) => d.id === id).map((d) => d.version)) + 1
    : null;
  useEffect(() => {
    if (source.data && next !== null && draft === null) setDraft(copyForNewVersion(source.data, next));
  }, [source.data, next, draft]);

  const save = useMutation({
    mutationFn: (def: ProcessDefinition) => saveDefinition(def),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'definitions'] });
      navigate(`/quan-tri/quy-trinh/${encodeURIComponent(saved.id)}/${saved.version}`, { state: { saved: true } });
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
  if (!draft) return <Loading label="Đang chuẩn bị bản sao…" />;
  const d = draft;

  const update = (fn: (def: ProcessDefinition) => void) =>
    setDraft((cur) => {
      if (!cur) return cur;
      const copy = structuredClone(cur);
      fn(copy);
      return copy;
    });
  const setAction = (si: number, ai: number, fn: (a: ActionSpec) => void) =>
    update((def) => {
      const a = def.steps[si]?.actions[ai];
      if (a) fn(a);
    });

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblems([]);
    save.mutate(d);
  }
  const unit = d.totalTime.unit === 'working_days' ? 'ngày làm việc' : 'giờ làm việc';
  const otherError = save.isError && problems.length === 0;

  return (
    <>
      <p className="small">
        <Link to={`/quan-tri/quy-trinh/${encodeURIComponent(id)}/${from}`}>‹ Phiên bản {from}</Link>
      </p>
      <OfficeTitle title={`Phiên bản mới ${d.version} của quy trình ${d.procedureCode}`}>
        Phiên bản mới {d.version}: {d.name}
      </OfficeTitle>
      <p>
        Sao chép từ phiên bản {from}, áp dụng cho {scopeLabel(d.agencyCode, names)}. Khi lưu, hệ thống kiểm tra toàn bộ
        quy trình và lưu thành bản nháp; bản nháp chỉ áp dụng sau khi công bố.
      </p>
      <ErrorSummary errors={problems} title="Quy trình chưa hợp lệ" />
      {otherError ? <ErrorAlert error={save.error} /> : null}
      <form onSubmit={submit} noValidate className="admin-editor">
        <fieldset className="office-fieldset">
          <legend className="office-h3">Hiệu lực và thời hạn</legend>
          <div className="office-grid2">
            <div className="field">
              <label className="field__label" htmlFor="def-effective-from">
                Áp dụng từ ngày
              </label>
              <input
                id="def-effective-from"
                className="input"
                type="date"
                value={d.effectiveFrom}
                onChange={(e) =>
                  update((def) => {
                    def.effectiveFrom = e.target.value;
                  })
                }
              />
            </div>
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
          </div>
        </fieldset>

        {d.steps.map((s, si) => (
          <fieldset key={s.id} className="office-fieldset admin-step">
            <legend className="office-h3">
              Bước {si + 1}
              {s.id === d.startStep ? ' (bắt đầu)' : ''}: {s.name}
            </legend>
            <div className="admin-step__grid">
              <div className="field">
                <label className="field__label" htmlFor={`step-${si}-name`}>
                  Tên bước
                </label>
                <input
                  id={`step-${si}-name`}
                  className="input"
                  value={s.name}
                  onChange={(e) =>
                    update((def) => {
                      def.steps[si]!.name = e.target.value;
                    })
                  }
                />
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`step-${si}-role`}>
                  Vai trò thực hiện
                </label>
                <select
                  id={`step-${si}-role`}
                  className="select"
                  value={s.role}
                  onChange={(e) =>
                    update((def) => {
                      def.steps[si]!.role = e.target.value as StepRole;
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
              <div className="field">
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
                    update((def) => {
                      def.steps[si]!.share = e.target.valueAsNumber;
                    })
                  }
                />
                <p className="small muted" id={`step-${si}-share-hint`}>
                  {shareText(d, s.share)}
                </p>
              </div>
              <div className="field">
                <span className="field__label">Cơ quan thực hiện</span>
                <p>{agencyLabel(s.agency, names)}</p>
              </div>
            </div>
            <table className="table office-table admin-action-table">
              <caption className="visually-hidden">Thao tác tại bước {s.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Thao tác</th>
                  <th scope="col">Nhãn hiển thị</th>
                  <th scope="col">Chuyển đến bước</th>
                  <th scope="col">Người thực hiện phải nhập</th>
                  <th scope="col">
                    <span className="visually-hidden">Bỏ</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.actions.map((a, ai) => {
                  const key = `step-${si}-action-${ai}`;
                  const moving = MOVING.has(a.kind) || OPTIONALLY_MOVING.has(a.kind);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: actions have no id; the position is the identity while editing
                    <tr key={ai}>
                      <td>{ACTION_LABELS[a.kind] ?? a.kind}</td>
                      <td>
                        <label className="visually-hidden" htmlFor={`${key}-label`}>
                          Nhãn của thao tác {ACTION_LABELS[a.kind] ?? a.kind}
                        </label>
                        <input
                          id={`${key}-label`}
                          className="input"
                          value={a.label}
                          onChange={(e) =>
                            setAction(si, ai, (x) => {
                              x.label = e.target.value;
                            })
                          }
                        />
                      </td>
                      <td>
                        {moving ? (
                          <>
                            <label className="visually-hidden" htmlFor={`${key}-to`}>
                              Bước đích của thao tác {a.label}
                            </label>
                            <select
                              id={`${key}-to`}
                              className="select"
                              value={a.to ?? ''}
                              onChange={(e) =>
                                setAction(si, ai, (x) => {
                                  if (e.target.value) x.to = e.target.value;
                                  else delete x.to;
                                })
                              }
                            >
                              <option value="">{MOVING.has(a.kind) ? '— chọn bước —' : 'Ở lại bước này'}</option>
                              {d.steps.map((t, ti) => (
                                <option key={t.id} value={t.id}>
                                  {ti + 1}. {t.name}
                                </option>
                              ))}
                            </select>
                          </>
                        ) : (
                          <span className="muted">Không chuyển bước</span>
                        )}
                      </td>
                      <td>
                        <fieldset className="admin-requires">
                          <legend className="visually-hidden">Thông tin phải nhập cho thao tác {a.label}</legend>
                          {Object.entries(REQUIREMENT_LABELS).map(([r, label]) => (
                            <label key={r} className="admin-check">
                              <input
                                type="checkbox"
                                checked={a.requires.includes(r)}
                                onChange={(e) =>
                                  setAction(si, ai, (x) => {
                                    x.requires = e.target.checked
                                      ? [...x.requires, r]
                                      : x.requires.filter((y) => y !== r);
                                  })
                                }
                              />{' '}
                              {label}
                            </label>
                          ))}
                        </fieldset>
                      </td>
                      <td>
                        <button
                          type="button"
                          className="office-link-button"
                          onClick={() =>
                            update((def) => {
                              def.steps[si]!.actions.splice(ai, 1);
                            })
                          }
                        >
                          Bỏ<span className="visually-hidden"> thao tác {a.label}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <AddAction
              id={`step-${si}-add`}
              stepName={s.name}
              onAdd={(kind) =>
                update((def) => {
                  def.steps[si]!.actions.push({ kind, guards: [], requires: [], label: ACTION_LABELS[kind] ?? kind });
                })
              }
            />
          </fieldset>
        ))}
        <div className="office-filters__buttons">
          <Button type="submit" disabled={save.isPending}>
            Kiểm tra và lưu bản nháp
          </Button>
          <Link className="btn btn--secondary" to={`/quan-tri/quy-trinh/${encodeURIComponent(id)}/${from}`}>
            Hủy
          </Link>
        </div>
      </form>
    </>
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
        Thêm thao tác
      </Button>
    </div>
  );
}
