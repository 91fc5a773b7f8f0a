/**
 * The actions the server allows this official on this dossier now (`availableActions`), each
 * with the inputs its process step requires: comment, reason, next handler, target agency, new due
 * date (Mẫu 04), result document. The optimistic version is sent with it: if somebody else acted
 * first the server answers 409 and the page says so instead of overwriting.
 */
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { Textarea } from '../shared/ui/form-extras.tsx';
import { Button, ErrorAlert, TextField } from '../shared/ui/index.ts';
import { useOfficial } from './OfficeLayout.tsx';
import { type ActionInput, type ActionView, act, type DossierView, uploadResult } from './office.api.ts';

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
  const [handlerSelf, setHandlerSelf] = useState(true);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const actions = dossier.availableActions;
  if (actions.length === 0) return <p className="muted">Bạn không có thao tác nào trên hồ sơ ở bước này.</p>;
  const action = actions.find((a) => keyOf(a) === chosen) ?? null;
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!action) return;
    setBusy(true);
    setError(null);
    const input: ActionInput = { kind: action.kind, expectedVersion: dossier.version };
    if (action.to) input.to = action.to;
    const v = (k: string) => values[k]?.trim() || undefined;
    if (v('comment')) input.comment = v('comment')!;
    if (v('reason')) input.reason = v('reason')!;
    if (action.requires.includes('next_handler')) {
      const h = handlerSelf ? me.id : v('nextHandler');
      if (h) input.nextHandler = h;
    }
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

  return (
    <div>
      <fieldset className="office-actions office-fieldset">
        <legend className="visually-hidden">Các thao tác được phép</legend>
        {actions.map((a) => (
          <Button
            key={keyOf(a)}
            variant={chosen === keyOf(a) ? 'primary' : 'secondary'}
            aria-pressed={chosen === keyOf(a)}
            onClick={() => {
              setChosen(keyOf(a));
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
          {action.requires.includes('next_handler') ? (
            <fieldset className="fieldset">
              <legend className="field__label">Người xử lý tiếp theo</legend>
              <label className="office-radio">
                <input type="radio" name="handler" checked={handlerSelf} onChange={() => setHandlerSelf(true)} /> Tôi (
                {me.name})
              </label>
              <label className="office-radio">
                <input type="radio" name="handler" checked={!handlerSelf} onChange={() => setHandlerSelf(false)} /> Cán
                bộ khác
              </label>
              {!handlerSelf ? (
                <TextField label="Mã tài khoản cán bộ" value={values.nextHandler ?? ''} onChange={set('nextHandler')} />
              ) : null}
            </fieldset>
          ) : null}
          {action.requires.includes('target_agency') ? (
            <TextField
              label="Mã cơ quan nhận"
              hint="Mã định danh cơ quan, ví dụ 000.00.11.H99"
              value={values.targetAgency ?? ''}
              onChange={set('targetAgency')}
            />
          ) : null}
          {action.requires.includes('new_due_date') ? (
            <TextField
              label="Ngày hẹn trả mới"
              type="date"
              value={values.newDueDate ?? ''}
              onChange={set('newDueDate')}
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
