/**
 * Bulk actions on work-queue rows (issue 7: "bulk actions where they make sense: assign, return
 * results"). There is no bulk API: each dossier is run on its own through the same action endpoint
 * as its page (POST /api/v1/dossiers/:id/actions), with the action the process allows it at its
 * step and its version (a dossier changed meanwhile is refused, not overwritten). One failure
 * says why and the others still proceed.
 *  - "Phân công": the dossier's own `assign` action (server dossier.machine.ts assignRight): the
 *    handler of the current step is set or changed, the step and its due date stay. Offered to the
 *    leader of the handling agency, and at reception to the receiving desk's one-stop officers;
 *    the handler is picked from the officials of the caller's agency (staff.api.ts), and the
 *    server refuses one who does not hold the step's role there.
 *  - "Trả kết quả": "return_result" at the desk's delivery step (the ready-to-return queue).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../shared/api.ts';
import { Alert, Button, Select, TextField } from '../shared/ui/index.ts';
import { useOfficial } from './OfficeLayout.tsx';
import { type ActionView, act, type DossierView, type Me, type QueueId, type QueueItem } from './office.api.ts';
import { staffQuery } from './staff.api.ts';

export type BulkKind = 'assign' | 'return_result';

export interface BulkOutcome {
  id: string;
  code: string | null;
  ok: boolean;
  message: string;
}

/** Which bulk actions a queue offers. */
export function bulkKindsFor(queue: QueueId): BulkKind[] {
  if (queue === 'ready_to_return') return ['return_result'];
  if (queue === 'supplement') return [];
  return ['assign'];
}

/** The action of the dossier's step that a bulk action runs, or why there is none. */
export function pickAction(kind: BulkKind, actions: ActionView[]): ActionView | string {
  if (kind === 'return_result') {
    return actions.find((a) => a.kind === 'return_result') ?? 'Hồ sơ chưa ở bước trả kết quả hoặc chưa có kết quả.';
  }
  return (
    actions.find((a) => a.kind === 'assign' && a.requires.includes('next_handler')) ??
    'Bạn không phân công được hồ sơ này: chỉ lãnh đạo cơ quan đang giải quyết (hoặc cán bộ một cửa ở bước tiếp nhận) được phân công.'
  );
}

/** The agency whose officials the bulk picker lists: where the caller leads, else their desk, else their own. */
export function pickerAgency(me: Me): string | null {
  const grant = (role: string) => me.roles.find((g) => g.role === role && g.agencyCode !== null)?.agencyCode ?? null;
  return grant('leader') ?? grant('one_stop_officer') ?? me.agencyCode ?? null;
}

const reasonOf = (err: unknown) =>
  err instanceof ApiError
    ? [err.problem.detail ?? err.problem.title, ...(err.problem.errors ?? []).map((e) => e.message)].join(' ')
    : err instanceof Error
      ? err.message
      : String(err);

async function runOne(kind: BulkKind, row: QueueItem, handler: string): Promise<BulkOutcome> {
  const base = { id: row.id, code: row.code };
  try {
    const d = await api<DossierView>(`/api/v1/dossiers/${encodeURIComponent(row.id)}`);
    const action = pickAction(kind, d.availableActions);
    if (typeof action === 'string') return { ...base, ok: false, message: action };
    if (kind === 'assign' && d.assigneeId === handler)
      return { ...base, ok: true, message: 'Đã được giao cho cán bộ này từ trước.' };
    const after = await act(row.id, {
      kind: action.kind,
      ...(action.to ? { to: action.to } : {}),
      ...(kind === 'assign' ? { nextHandler: handler } : {}),
      expectedVersion: d.version,
    });
    return { ...base, ok: true, message: `${action.label} — ${after.statusLabel}` };
  } catch (err) {
    return { ...base, ok: false, message: reasonOf(err) };
  }
}

export function BulkBar({
  queue,
  selected,
  onDone,
  onResults,
}: {
  queue: QueueId;
  selected: QueueItem[];
  onDone(): void;
  onResults(results: Record<string, BulkOutcome | 'running'>): void;
}) {
  const me = useOfficial();
  const queryClient = useQueryClient();
  const kinds = bulkKindsFor(queue);
  const [handler, setHandler] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<BulkOutcome[] | null>(null);
  const agency = pickerAgency(me);
  const staff = useQuery({ ...staffQuery(agency ?? '', null), enabled: agency !== null && kinds.includes('assign') });
  if (kinds.length === 0) return null;

  async function run(kind: BulkKind, event?: FormEvent) {
    event?.preventDefault();
    setError(null);
    if (selected.length === 0) {
      setError('Chọn ít nhất một hồ sơ.');
      return;
    }
    const who = handler.trim() === '' ? '' : handler.trim() === 'me' ? me.id : handler.trim();
    if (kind === 'assign' && who === '') {
      setError('Chọn cán bộ được phân công (hoặc bấm "Giao cho tôi").');
      return;
    }
    setBusy(true);
    const rows = [...selected];
    const state: Record<string, BulkOutcome | 'running'> = Object.fromEntries(rows.map((r) => [r.id, 'running']));
    onResults({ ...state });
    const done: BulkOutcome[] = [];
    // One after another: the daily numbers, forms and audit entries of each stay in order.
    for (const row of rows) {
      const outcome = await runOne(kind, row, who);
      done.push(outcome);
      state[row.id] = outcome;
      onResults({ ...state });
    }
    setOutcomes(done);
    setBusy(false);
    onDone();
    await queryClient.invalidateQueries({ queryKey: ['office'] });
  }

  const ok = outcomes?.filter((o) => o.ok).length ?? 0;
  return (
    <div className="bulk">
      <form className="bulk__bar" aria-label="Thao tác hàng loạt" onSubmit={(e) => run('assign', e)}>
        <span className="bulk__count" aria-live="polite">
          Đã chọn <strong>{selected.length}</strong> hồ sơ
        </span>
        {kinds.includes('assign') ? (
          <>
            {staff.data ? (
              <Select
                id="bulk-handler"
                label="Cán bộ được phân công"
                value={handler}
                onChange={(e) => setHandler(e.target.value)}
                options={[
                  { value: '', label: '— Chọn cán bộ —' },
                  ...staff.data.map((p) => ({
                    value: p.id,
                    label: `${p.name}${p.id === me.id ? ' (tôi)' : ''}${p.position ? ` — ${p.position}` : ''}`,
                  })),
                ]}
              />
            ) : (
              <TextField
                id="bulk-handler"
                label="Người xử lý (mã tài khoản)"
                value={handler}
                onChange={(e) => setHandler(e.target.value)}
                size={24}
              />
            )}
            <Button variant="secondary" onClick={() => setHandler(me.id)} disabled={busy}>
              Giao cho tôi
            </Button>
            <Button type="submit" disabled={busy}>
              Phân công
            </Button>
          </>
        ) : null}
        {kinds.includes('return_result') ? (
          <Button onClick={() => run('return_result')} disabled={busy}>
            Trả kết quả
          </Button>
        ) : null}
      </form>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div role="status">
        {outcomes ? (
          <Alert
            tone={ok === outcomes.length ? 'success' : 'warning'}
            title={`Đã thực hiện ${ok}/${outcomes.length} hồ sơ`}
          >
            <ul className="list bulk__results">
              {outcomes.map((o) => (
                <li key={o.id} className={o.ok ? 'bulk__ok' : 'bulk__fail'}>
                  <strong>{o.ok ? 'Xong' : 'Không thực hiện được'}</strong>:{' '}
                  <Link to={`/ho-so/${o.id}`}>{o.code ?? 'Chưa cấp mã'}</Link> — {o.message}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
