/**
 * The actions the server allows this official on this dossier now (`availableActions`), each
 * with the inputs its process step requires: comment, reason, next handler, target agency, new due
 * date (Mẫu 04), result document. The optimistic version is sent with it: if somebody else acted
 * first the server answers 409 and the page says so instead of overwriting.
 *
 * The next handler and the co-handlers are picked from the officials of the agency that takes the
 * dossier, holding the role its next step needs (the server says which: `toRole`, `toAgency`;
 * GET /api/v1/identity/agencies/:code/officials). Native select and checkboxes: type-ahead and
 * Tab/Space work as everywhere. If the list cannot be read (an agency the caller may not look
 * into), an account id can still be typed.
 *
 * "Phân công xử lý" (`assign`, the dossier's own action) picks the new handler of the current step
 * the same way, among the step's role in the handling agency, without co-handlers; "Trả lại để
 * phân công lại" (the handler's own `assign` without a handler) asks only for the reason.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Textarea } from '../shared/ui/form-extras.tsx';
import { Button, ErrorAlert, Select, TextField } from '../shared/ui/index.ts';
import { DateField } from './DateField.tsx';
import { useOfficial } from './OfficeLayout.tsx';
import { type ActionInput, type ActionView, act, type DossierView, ROLE_LABELS, uploadResult } from './office.api.ts';
import { type ActionTarget, staffQuery } from './staff.api.ts';

/** Actions that hand the dossier to somebody at the step they lead to (the engine takes nextHandler on these). */
const HANDS_ON = new Set(['accept', 'forward', 'send_back', 'approve', 'return_transfer']);

function HandlerPicker({
  agency,
  role,
  required,
  handler,
  onHandler,
  coHandlers,
  onCoHandlers,
  assign = false,
  exclude = null,
}: {
  /** Not offered: the official the step is assigned to now (assigning them again is refused). */
  exclude?: string | null;
  /** Assigning the current step: "the official assigned", and no co-handlers. */
  assign?: boolean;
  agency: string;
  role: string | null;
  required: boolean;
  handler: string;
  onHandler(id: string): void;
  coHandlers: string[];
  onCoHandlers(ids: string[]): void;
}) {
  const me = useOfficial();
  const staff = useQuery(staffQuery(agency, role));
  // The default (me, for a required handler) only stands if I am one of those who may take it.
  const listed = staff.data?.some((p) => p.id === handler) ?? true;
  useEffect(() => {
    if (!listed && handler !== '') onHandler('');
  }, [listed, handler, onHandler]);
  const roleLabel = role ? (ROLE_LABELS[role] ?? role).toLocaleLowerCase('vi') : 'cán bộ';
  if (staff.isPending) return <p className="muted small">Đang tải danh sách cán bộ…</p>;
  if (staff.isError) {
    return (
      <TextField
        label={required ? 'Mã tài khoản người xử lý tiếp theo' : 'Mã tài khoản người xử lý tiếp theo (không bắt buộc)'}
        hint="Không xem được danh sách cán bộ của cơ quan này; nhập mã tài khoản nếu biết."
        value={handler}
        onChange={(e) => onHandler(e.target.value)}
      />
    );
  }
  const people = staff.data.filter((p) => p.id !== exclude);
  const label = (p: (typeof people)[number]) =>
    `${p.name}${p.id === me.id ? ' (tôi)' : ''}${p.position ? ` — ${p.position}` : ''}`;
  const others = assign ? [] : people.filter((p) => p.id !== handler);
  return (
    <>
      <Select
        label={
          assign
            ? 'Cán bộ được phân công'
            : required
              ? 'Người xử lý tiếp theo'
              : 'Người xử lý tiếp theo (không bắt buộc)'
        }
        hint={
          people.length === 0
            ? `Cơ quan chưa có ${roleLabel} nào trên hệ thống.`
            : `${people.length} ${roleLabel} của cơ quan; gõ chữ đầu của tên để chọn nhanh.`
        }
        value={handler}
        onChange={(e) => {
          onHandler(e.target.value);
          onCoHandlers(coHandlers.filter((c) => c !== e.target.value));
        }}
        options={[
          { value: '', label: required ? '— Chọn cán bộ —' : '— Để bộ phận tự phân công —' },
          ...people.map((p) => ({ value: p.id, label: label(p) })),
        ]}
      />
      {others.length > 0 ? (
        <fieldset className="fieldset">
          <legend className="field__label">Người phối hợp (không bắt buộc)</legend>
          {others.map((p) => (
            <label key={p.id} className="office-radio">
              <input
                type="checkbox"
                checked={coHandlers.includes(p.id)}
                onChange={() =>
                  onCoHandlers(coHandlers.includes(p.id) ? coHandlers.filter((c) => c !== p.id) : [...coHandlers, p.id])
                }
              />{' '}
              {label(p)}
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

const keyOf = (a: ActionView) => `${a.kind}:${a.to ?? ''}`;

export function ActionPanel({
  dossier,
  onDone,
}: {
  dossier: DossierView;
  onDone(updated: DossierView, label: string): Promise<void>;
}) {
  const me = useOfficial();
  const [chosen, setChosen] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [handler, setHandler] = useState<string | null>(null);
  const [coHandlers, setCoHandlers] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const actions = dossier.availableActions;
  if (actions.length === 0) return <p className="muted">Bạn không có thao tác nào trên hồ sơ ở bước này.</p>;
  const action = (actions.find((a) => keyOf(a) === chosen) ?? null) as ActionTarget | null;
  const needsHandler = action?.requires.includes('next_handler') === true;
  // The agency that takes the dossier, as the server says. A transfer's is the one chosen in the
  // form, whose own desk assigns it (its staff are not the caller's to list): an id can be typed.
  const targetAgency = action?.toAgency ?? null;
  const pickHandler = action !== null && (needsHandler || (HANDS_ON.has(action.kind) && targetAgency !== null));
  // A required handler defaults to the caller (the usual case: I take it on); an optional one to nobody.
  // Assigning is giving the dossier to somebody else: no default.
  const isAssign = action?.kind === 'assign';
  const chosenHandler = handler ?? (needsHandler && !isAssign ? me.id : '');
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!action) return;
    setBusy(true);
    setError(null);
    // coHandlers: the action body takes them (server ActionBody); office.api.ts's ActionInput does not list them yet.
    const input: ActionInput & { coHandlers?: string[] } = { kind: action.kind, expectedVersion: dossier.version };
    if (action.to) input.to = action.to;
    const v = (k: string) => values[k]?.trim() || undefined;
    if (v('comment')) input.comment = v('comment')!;
    if (v('reason')) input.reason = v('reason')!;
    if (pickHandler && chosenHandler.trim() !== '') input.nextHandler = chosenHandler.trim();
    if (pickHandler && coHandlers.length > 0) input.coHandlers = coHandlers.filter((c) => c !== input.nextHandler);
    if (v('targetAgency')) input.targetAgency = v('targetAgency')!;
    if (v('newDueDate')) input.newDueDate = v('newDueDate')!;
    try {
      // The signed results are uploaded first; the action attaches them by their ids.
      if (action.requires.includes('result_file') && files.length > 0) {
        input.resultFileIds = [];
        for (const f of files) input.resultFileIds.push(await uploadResult(dossier.id, f));
      }
      const updated = await act(dossier.id, input);
      setChosen(null);
      setValues({});
      setFiles([]);
      setHandler(null);
      setCoHandlers([]);
      await onDone(updated, action.label);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.altKey && event.key === 'Enter') {
      event.preventDefault();
      void submit();
    }
  }

  // Before receipt the desk works on the check screen (CheckPage.tsx): the checklist, the forms,
  // and the papers of a supplement brought to the counter.
  const atReception =
    dossier.receivedAt === null && actions.some((a) => ['accept', 'request_supplement', 'refuse'].includes(a.kind));
  return (
    <div>
      {atReception ? (
        <p>
          <Link to={`/kiem-tra/${dossier.id}`}>
            {dossier.status === 'pending_supplement'
              ? 'Nhận giấy tờ bổ sung và kiểm tra lại hồ sơ'
              : 'Kiểm tra hồ sơ trước khi tiếp nhận'}
          </Link>
        </p>
      ) : null}
      <fieldset className="office-actions office-fieldset">
        <legend className="visually-hidden">Các thao tác được phép</legend>
        {actions.map((a) => (
          <Button
            key={keyOf(a)}
            variant={chosen === keyOf(a) ? 'primary' : 'secondary'}
            aria-pressed={chosen === keyOf(a)}
            onClick={() => {
              setChosen(keyOf(a));
              setHandler(null);
              setCoHandlers([]);
              setError(null);
            }}
          >
            {a.label}
          </Button>
        ))}
      </fieldset>
      {action ? (
        <form className="office-action-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
          <h3 className="office-h3">{action.label}</h3>
          {error ? <ErrorAlert error={error} /> : null}
          {action.requires.includes('reason') ? (
            <Textarea label="Lý do" value={values.reason ?? ''} onChange={set('reason')} rows={3} />
          ) : null}
          {action.requires.includes('target_agency') ? (
            <TextField
              label="Mã cơ quan nhận"
              hint="Mã định danh cơ quan, ví dụ 000.00.11.H99"
              value={values.targetAgency ?? ''}
              onChange={set('targetAgency')}
            />
          ) : null}
          {pickHandler ? (
            targetAgency !== null ? (
              <HandlerPicker
                key={`${targetAgency}|${action.toRole ?? ''}`}
                agency={targetAgency}
                role={action.toRole ?? null}
                required={needsHandler}
                handler={chosenHandler}
                onHandler={setHandler}
                coHandlers={coHandlers}
                onCoHandlers={setCoHandlers}
                assign={isAssign}
                exclude={isAssign ? dossier.assigneeId : null}
              />
            ) : (
              <TextField
                label="Mã tài khoản người xử lý tiếp theo"
                value={chosenHandler}
                onChange={(e) => setHandler(e.target.value)}
              />
            )
          ) : null}
          {action.requires.includes('new_due_date') ? (
            <DateField
              label="Ngày hẹn trả mới"
              value={values.newDueDate ?? ''}
              onChange={(iso) => setValues((v) => ({ ...v, newDueDate: iso }))}
            />
          ) : null}
          {action.requires.includes('result_file') ? (
            <div className="field">
              <label className="field__label" htmlFor="result-files">
                Tệp kết quả đã ký (PDF, ảnh)
              </label>
              <input
                id="result-files"
                type="file"
                multiple
                accept="application/pdf,image/jpeg,image/png,image/tiff"
                onChange={(e) => setFiles([...(e.target.files ?? [])])}
              />
            </div>
          ) : null}
          <Textarea
            label={action.requires.includes('comment') ? 'Ý kiến' : 'Ý kiến (không bắt buộc)'}
            value={values.comment ?? ''}
            onChange={set('comment')}
            rows={2}
          />
          <div className="office-actions">
            <Button type="submit" disabled={busy}>
              {busy ? 'Đang thực hiện…' : `Xác nhận: ${action.label}`}
            </Button>
            <Button variant="secondary" onClick={() => setChosen(null)}>
              Hủy
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
