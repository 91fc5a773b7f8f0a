/**
 * The check screen for an online submission (issue 7 "Reception desk: accept online submissions
 * after checking them"; Nghị định 61/2018/NĐ-CP Art. 19 as kept by Nghị định 118/2025/NĐ-CP: the
 * one-stop officer checks the dossier's completeness and validity before receiving it), opened
 * from the "waiting for reception" queue at /office/kiem-tra/:id.
 *
 * Left: the applicant and the e-form as submitted. Right: the procedure's component list, each
 * with its file shown in the page (`?inline=1`, dossier.downloads.ts) and a verdict — đủ, thiếu,
 * không hợp lệ — with a note. Then one of the reception step's actions the server offers:
 *  - accept (Mẫu 01), only when no component is marked missing or invalid;
 *  - request a supplement (Mẫu 02), the reason drafted from the checklist's verdicts and notes;
 *  - refuse (Mẫu 03) with the reason.
 * The form's PDF then opens in a new tab to print. The checklist is the officer's worksheet, not
 * stored: what the applicant must know goes onto the form, and the form is kept by the history.
 *
 * A dossier waiting for a supplement before receipt (a walk-in sent home with Mẫu 02, or an online
 * one) comes back here: the desk uploads the papers the applicant brought and records the
 * supplement (provide_supplement), and the dossier is checked again.
 *
 * Keyboard (outside text fields, like the layout's own "/", "h", "t", "?"): "a" accept, "b"
 * supplement, "r" refuse, "x" the next component's preview; Alt+Enter confirms the open action,
 * Esc closes it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent as ReactKeyboardEvent, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../shared/api.ts';
import { Textarea } from '../shared/ui/form-extras.tsx';
import {
  Alert,
  Button,
  ButtonLink,
  ErrorAlert,
  Loading,
  RadioGroup,
  Select,
  Tag,
  TextField,
} from '../shared/ui/index.ts';
import './CheckPage.css';
import { ApplicantTerms, EformAnswers, FilePreview, PREVIEWABLE } from './DossierParts.tsx';
import { dateTime } from './format.ts';
import { NotFoundPage, OfficeTitle, useOfficial } from './OfficeLayout.tsx';
import {
  type ActionInput,
  type ActionView,
  act,
  type ComponentView,
  componentUrl,
  type DossierView,
  dossierQuery,
  formUrl,
  uploadComponent,
} from './office.api.ts';
import { type ActionTarget, staffQuery } from './staff.api.ts';

export type Verdict = '' | 'ok' | 'missing' | 'invalid';
export interface Check {
  verdict: Verdict;
  note: string;
}
type DeskAction = 'accept' | 'request_supplement' | 'refuse';

const VERDICT_LABELS: Record<Exclude<Verdict, ''>, string> = {
  ok: 'Đủ',
  missing: 'Thiếu',
  invalid: 'Không hợp lệ',
};
const FORM_OF: Record<DeskAction, { id: string; name: string }> = {
  accept: { id: 'receipt', name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)' },
  request_supplement: { id: 'supplement_request', name: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)' },
  refuse: { id: 'refusal', name: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)' },
};

/** The first verdict of each component: a required one without a file is missing; the rest wait for the officer. */
export function initialChecks(components: ComponentView[]): Record<number, Check> {
  return Object.fromEntries(
    components.map((c) => [c.index, { verdict: c.required && !c.file ? 'missing' : '', note: '' } as Check]),
  );
}

/** The supplement request's reason drafted from the checklist: one line per component found wanting. */
export function supplementReason(components: ComponentView[], checks: Record<number, Check>): string {
  const lines = components
    .filter((c) => checks[c.index]?.verdict === 'missing' || checks[c.index]?.verdict === 'invalid')
    .map((c) => {
      const ch = checks[c.index]!;
      const what = ch.verdict === 'missing' ? 'còn thiếu' : 'không hợp lệ';
      // The procedures' component names often end with their own full stop or semicolon.
      const name = c.name.trim().replace(/[\s.;:,]+$/, '');
      return `- ${name}: ${what}${ch.note.trim() ? ` (${ch.note.trim()})` : ''}.`;
    });
  return lines.length === 0 ? '' : `Đề nghị bổ sung, hoàn thiện các thành phần hồ sơ sau:\n${lines.join('\n')}`;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** The papers the applicant brought back, then "the supplement is received": the dossier is checked again. */
function SupplementAtDesk({ d, onDone }: { d: DossierView; onDone(after: DossierView): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [uploaded, setUploaded] = useState<Record<number, string>>({});
  async function upload(index: number, file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await uploadComponent(d.id, index, file);
      setUploaded((u) => ({ ...u, [index]: file.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function record() {
    setBusy(true);
    setError(null);
    try {
      onDone(await act(d.id, { kind: 'provide_supplement' }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="c-supplement" className="office-card office-card--actions">
      <h2 id="c-supplement" className="office-h2">
        Nhận hồ sơ bổ sung
      </h2>
      <p>Hồ sơ đang chờ bổ sung. Tải lên giấy tờ người nộp mang đến, rồi ghi nhận đã bổ sung để kiểm tra lại.</p>
      {error ? <ErrorAlert error={error} /> : null}
      <ul className="check-list">
        {d.components.map((c) => (
          <li key={c.index} className="check-item">
            <label htmlFor={`supplement-${c.index}`} className="check-item__name">
              {c.name} {c.required ? <span className="muted small">(bắt buộc)</span> : null}
            </label>{' '}
            <input
              id={`supplement-${c.index}`}
              type="file"
              accept="application/pdf,image/jpeg,image/png,image/tiff"
              disabled={busy}
              onChange={(e) => void upload(c.index, e.target.files?.[0])}
            />
            {uploaded[c.index] ? <span className="small"> Đã tải lên: {uploaded[c.index]}</span> : null}
          </li>
        ))}
      </ul>
      <Button onClick={record} disabled={busy}>
        Ghi nhận đã bổ sung
      </Button>
    </section>
  );
}

function ComponentCheck({
  dossierId,
  c,
  check,
  onCheck,
  open,
  onToggle,
}: {
  dossierId: string;
  c: ComponentView;
  check: Check;
  onCheck(c: Check): void;
  open: boolean;
  onToggle(): void;
}) {
  const url = componentUrl(dossierId, c.index);
  const tone = check.verdict === 'ok' ? 'ok' : check.verdict === '' ? 'todo' : 'bad';
  return (
    <li className={`check-item check-item--${tone}`}>
      <div className="check-item__head">
        <span className="check-item__name">
          {c.name} {c.required ? <span className="muted small">(bắt buộc)</span> : null}
        </span>
        {c.file ? (
          <span className="small">
            <a href={url} target="_blank" rel="noopener">
              {c.file.fileName}
            </a>
            {PREVIEWABLE.has(c.file.mime) ? (
              <>
                {' '}
                <button type="button" className="office-link-button" aria-expanded={open} onClick={onToggle}>
                  {open ? 'Ẩn' : 'Xem'}
                  <span className="visually-hidden"> {c.name}</span>
                </button>
              </>
            ) : null}
          </span>
        ) : (
          <Tag tone={c.required ? 'red' : 'grey'}>Chưa có tệp</Tag>
        )}
      </div>
      {open && c.file ? <FilePreview url={url} mime={c.file.mime} title={`Bản chụp: ${c.name}`} /> : null}
      <div className="check-item__verdict">
        <RadioGroup
          id={`check-${c.index}`}
          name={`check-${c.index}`}
          label={<span className="visually-hidden">Kết quả kiểm tra: {c.name}</span>}
          value={check.verdict}
          onChange={(v: string) => onCheck({ ...check, verdict: v as Verdict })}
          options={(Object.keys(VERDICT_LABELS) as Exclude<Verdict, ''>[]).map((v) => ({
            value: v,
            label: VERDICT_LABELS[v],
          }))}
        />
        <TextField
          id={`note-${c.index}`}
          label={<span className="visually-hidden">Ghi chú: {c.name}</span>}
          placeholder="Ghi chú (in trên phiếu yêu cầu bổ sung)"
          value={check.note}
          onChange={(e) => onCheck({ ...check, note: e.target.value })}
        />
      </div>
    </li>
  );
}

function HandlerSelect({
  action,
  value,
  onChange,
}: {
  action: ActionTarget;
  value: string;
  onChange(v: string): void;
}) {
  const me = useOfficial();
  const agency = action.toAgency ?? '';
  const staff = useQuery({ ...staffQuery(agency, action.toRole ?? null), enabled: agency !== '' });
  const required = action.requires.includes('next_handler');
  if (!staff.data) {
    return (
      <TextField
        label={required ? 'Mã tài khoản người xử lý tiếp theo' : 'Mã tài khoản người xử lý tiếp theo (không bắt buộc)'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <Select
      label={required ? 'Người xử lý tiếp theo' : 'Người xử lý tiếp theo (không bắt buộc)'}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={[
        { value: '', label: required ? '— Chọn cán bộ —' : '— Để bộ phận tự phân công —' },
        ...staff.data.map((p) => ({
          value: p.id,
          label: `${p.name}${p.id === me.id ? ' (tôi)' : ''}${p.position ? ` — ${p.position}` : ''}`,
        })),
      ]}
    />
  );
}

export function CheckPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const dossier = useQuery(dossierQuery(id));
  const [checks, setChecks] = useState<Record<number, Check> | null>(null);
  const [preview, setPreview] = useState<number | null>(null);
  const [open, setOpen] = useState<DeskAction | null>(null);
  const [reason, setReason] = useState('');
  const [handler, setHandler] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ action: DeskAction; dossier: DossierView } | null>(null);

  const d = dossier.data;
  const current = checks ?? (d ? initialChecks(d.components) : {});
  const actions = (d?.availableActions ?? []) as ActionTarget[];
  const find = (kind: DeskAction) => actions.find((a) => a.kind === kind) ?? null;
  const wanting = d ? d.components.filter((c) => ['missing', 'invalid'].includes(current[c.index]?.verdict ?? '')) : [];
  const unchecked = d ? d.components.filter((c) => c.file && (current[c.index]?.verdict ?? '') === '') : [];

  const start = useCallback(
    (kind: DeskAction) => {
      if (!d || !(d.availableActions as ActionView[]).some((a) => a.kind === kind)) return;
      setOpen(kind);
      setError(null);
      if (kind === 'request_supplement') setReason(supplementReason(d.components, current));
      else if (kind === 'refuse') setReason('');
      // The reason field (or the confirm button) takes the focus: the next keys type there.
      window.setTimeout(() => document.getElementById('check-reason')?.focus(), 0);
    },
    [d, current],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || done) return;
      if (event.key === 'a') start('accept');
      else if (event.key === 'b') start('request_supplement');
      else if (event.key === 'r') start('refuse');
      else if (event.key === 'x' && d) {
        const withFiles = d.components.filter((c) => c.file && PREVIEWABLE.has(c.file.mime));
        if (withFiles.length === 0) return;
        const i = withFiles.findIndex((c) => c.index === preview);
        setPreview(withFiles[(i + 1) % withFiles.length]!.index);
      } else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [start, d, preview, done]);

  if (dossier.isPending) return <Loading label="Đang tải hồ sơ…" />;
  if (dossier.isError) {
    if (dossier.error instanceof ApiError && dossier.error.status === 404) return <NotFoundPage />;
    return <ErrorAlert error={dossier.error} onRetry={() => dossier.refetch()} />;
  }
  const view = dossier.data;
  const a = view.applicant;

  async function confirm(event?: FormEvent) {
    event?.preventDefault();
    if (!open) return;
    const action = find(open);
    if (!action) return;
    if (open !== 'accept' && reason.trim() === '') {
      setError(new Error(open === 'refuse' ? 'Nhập lý do từ chối.' : 'Nhập nội dung cần bổ sung.'));
      return;
    }
    setBusy(true);
    setError(null);
    // Opened now, while the click still counts as the user's: a window opened after the answer
    // would be blocked as a pop-up. It shows the form once the action is written.
    const tab = window.open('', '_blank');
    try {
      const input: ActionInput = { kind: open, expectedVersion: view.version };
      if (action.to) input.to = action.to;
      if (open !== 'accept') input.reason = reason.trim();
      if (open === 'accept' && handler.trim() !== '') input.nextHandler = handler.trim();
      const after = await act(view.id, input);
      queryClient.setQueryData(dossierQuery(id).queryKey, after);
      await queryClient.invalidateQueries({ queryKey: ['office', 'queues'] });
      await queryClient.invalidateQueries({ queryKey: ['office', 'queue'] });
      if (tab) tab.location.href = formUrl(view.id, FORM_OF[open].id);
      setDone({ action: open, dossier: after });
      setOpen(null);
    } catch (err) {
      tab?.close();
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function onFormKey(event: ReactKeyboardEvent) {
    if (event.altKey && event.key === 'Enter') {
      event.preventDefault();
      void confirm();
    } else if (event.key === 'Escape') setOpen(null);
  }

  if (done) {
    const form = FORM_OF[done.action];
    const after = done.dossier;
    const title =
      done.action === 'accept'
        ? 'Đã tiếp nhận hồ sơ'
        : done.action === 'refuse'
          ? 'Đã từ chối tiếp nhận hồ sơ'
          : 'Đã yêu cầu bổ sung hồ sơ';
    return (
      <>
        <OfficeTitle title={title} />
        <Alert tone={done.action === 'accept' ? 'success' : done.action === 'refuse' ? 'warning' : 'info'}>
          <p>
            Mã hồ sơ: <strong>{after.code}</strong> · {after.procedureName} · Người nộp: {after.applicant.name}
          </p>
          {done.action === 'accept' ? (
            <p>
              Hẹn trả kết quả: <strong>{dateTime(after.appointmentAt ?? after.dueAt)}</strong>
            </p>
          ) : null}
        </Alert>
        <p>
          <a className="btn btn--primary" href={formUrl(after.id, form.id)} target="_blank" rel="noopener">
            Mở {form.name} để in
          </a>
        </p>
        <div className="office-actions">
          <ButtonLink variant="secondary" to="/hang-doi/reception">
            Về hàng đợi chờ tiếp nhận
          </ButtonLink>
          <ButtonLink variant="secondary" to={`/ho-so/${after.id}`}>
            Xem hồ sơ
          </ButtonLink>
        </div>
      </>
    );
  }

  const accept = find('accept');
  const supplement = find('request_supplement');
  const refuse = find('refuse');
  const openAction = open ? find(open) : null;

  return (
    <>
      <OfficeTitle title={`Kiểm tra hồ sơ ${view.code ?? ''}`.trim()} />
      <p className="office-dossier__procedure">
        {view.procedureName} <span className="muted">({view.procedureCode})</span> · {view.statusLabel} · Nộp lúc{' '}
        {dateTime(view.submittedAt)} · {view.channel === 'online' ? 'Trực tuyến' : 'Trực tiếp'}
      </p>
      {view.status === 'pending_supplement' && view.receivedAt === null ? (
        <SupplementAtDesk
          d={view}
          onDone={(after) => {
            queryClient.setQueryData(dossierQuery(id).queryKey, after);
            setChecks(null);
          }}
        />
      ) : null}
      {!accept && !supplement && !refuse && view.status !== 'pending_supplement' ? (
        <Alert tone="info">
          <p>
            Hồ sơ không ở bước tiếp nhận, hoặc bạn không phải cán bộ tiếp nhận hồ sơ này.{' '}
            <Link to={`/ho-so/${view.id}`}>Mở trang hồ sơ</Link>.
          </p>
        </Alert>
      ) : null}
      <div className="check-grid">
        <section aria-labelledby="c-applicant" className="office-card">
          <h2 id="c-applicant" className="office-h2">
            Người nộp và tờ khai
          </h2>
          <ApplicantTerms
            className="check-dl"
            rows={[
              ['Họ tên', a.name],
              ['Số định danh / mã số thuế', a.idNumber ?? '—'],
              ['Điện thoại', a.phone ?? '—'],
              ['Địa chỉ', a.address ?? '—'],
            ]}
          />
          <EformAnswers procedureCode={view.procedureCode} data={view.formData} listClassName="check-dl" />
        </section>
        <section aria-labelledby="c-components" className="office-card">
          <h2 id="c-components" className="office-h2">
            Thành phần hồ sơ
          </h2>
          <p className="small muted">
            Đánh dấu từng thành phần: Đủ, Thiếu hoặc Không hợp lệ; ghi chú được đưa vào phiếu yêu cầu bổ sung.
          </p>
          {view.components.length === 0 ? <p>Thủ tục không quy định thành phần hồ sơ.</p> : null}
          <ul className="check-list">
            {view.components.map((c) => (
              <ComponentCheck
                key={c.index}
                dossierId={view.id}
                c={c}
                check={current[c.index] ?? { verdict: '', note: '' }}
                onCheck={(ch) => setChecks({ ...current, [c.index]: ch })}
                open={preview === c.index}
                onToggle={() => setPreview(preview === c.index ? null : c.index)}
              />
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="c-decide" className="office-card office-card--actions check-decide">
        <h2 id="c-decide" className="office-h2">
          Kết quả kiểm tra
        </h2>
        <p aria-live="polite">
          {wanting.length > 0
            ? `${wanting.length} thành phần thiếu hoặc không hợp lệ: yêu cầu bổ sung hoặc từ chối.`
            : unchecked.length > 0
              ? `Còn ${unchecked.length} thành phần chưa đánh dấu.`
              : 'Hồ sơ đủ thành phần.'}
        </p>
        <div className="office-actions">
          {accept ? (
            <Button
              variant={open === 'accept' ? 'primary' : 'secondary'}
              aria-pressed={open === 'accept'}
              aria-keyshortcuts="a"
              disabled={wanting.length > 0}
              onClick={() => start('accept')}
            >
              Tiếp nhận (Mẫu 01)
            </Button>
          ) : null}
          {supplement ? (
            <Button
              variant={open === 'request_supplement' ? 'primary' : 'secondary'}
              aria-pressed={open === 'request_supplement'}
              aria-keyshortcuts="b"
              onClick={() => start('request_supplement')}
            >
              Yêu cầu bổ sung (Mẫu 02)
            </Button>
          ) : null}
          {refuse ? (
            <Button
              variant={open === 'refuse' ? 'primary' : 'secondary'}
              aria-pressed={open === 'refuse'}
              aria-keyshortcuts="r"
              onClick={() => start('refuse')}
            >
              Từ chối (Mẫu 03)
            </Button>
          ) : null}
        </div>
        {openAction && open ? (
          <form onSubmit={confirm} onKeyDown={onFormKey} noValidate aria-label={openAction.label}>
            {error ? <ErrorAlert error={error} /> : null}
            {open === 'accept' ? (
              openAction.toAgency ? (
                <HandlerSelect action={openAction} value={handler} onChange={setHandler} />
              ) : null
            ) : (
              <Textarea
                id="check-reason"
                label={open === 'refuse' ? 'Lý do từ chối' : 'Nội dung yêu cầu bổ sung, hoàn thiện'}
                hint="In trên phiếu giao cho người nộp; có thể sửa."
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                rows={open === 'refuse' ? 3 : 6}
              />
            )}
            <div className="office-actions">
              <Button type="submit" disabled={busy} id={open === 'accept' ? 'check-reason' : undefined}>
                {busy ? 'Đang thực hiện…' : `Xác nhận và in ${FORM_OF[open].name.replace(/^.*\((Mẫu \d+)\)$/, '$1')}`}
              </Button>
              <Button variant="secondary" onClick={() => setOpen(null)}>
                Hủy
              </Button>
            </div>
          </form>
        ) : null}
        <p className="small muted check-keys">
          Phím tắt: <kbd>a</kbd> tiếp nhận · <kbd>b</kbd> yêu cầu bổ sung · <kbd>r</kbd> từ chối · <kbd>x</kbd> xem
          thành phần tiếp theo · <kbd>Alt</kbd>+<kbd>Enter</kbd> xác nhận · <kbd>Esc</kbd> hủy
        </p>
      </section>
    </>
  );
}
