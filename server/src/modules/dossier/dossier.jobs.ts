/**
 * Deadline jobs, scheduled in the transaction that sets or moves a dossier's due instant
 * (dossier.service.ts scheduleDeadlines): a reminder a day before it to whoever holds the dossier,
 * and an escalation at it to the leaders of the handling agency (Nghị định 118/2025/NĐ-CP: the
 * leader answers for late dossiers and signs the apology, Form 04).
 *
 * Both are idempotent: a job for a due instant that has since moved (a supplement pause) or a
 * dossier that was resolved does nothing, and the notification row is unique per (dossier, kind,
 * due instant), so a retried or duplicated job writes and publishes at most once.
 *
 * A step's own due instant has a job too (dossier.service.ts scheduleStepDeadline): when it runs
 * and the dossier is still at that very entry of the step (same step, same entry instant, same due
 * instant, not paused or resolved), the leaders of the handling agency get a `step_overdue`
 * notification (unique per dossier, step and due instant) and `dossier.step_overdue` is published.
 * A step left before its due instant is not late: its job does nothing.
 *
 * The public lookup's rate-limit rows (dossier.lookup_attempt) are deleted once their window has
 * ended: the lookup plans one cleanup per window (a singleton job), so rows never outlive their
 * window by more than the job runner's delay.
 */
import { v7 as uuidv7 } from 'uuid';
import { insertEvent } from '../../platform/events/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { STATUS_INFO } from './domain/index.ts';
import { JOB_LOOKUP_CLEANUP, LOOKUP_WINDOW_MS } from './dossier.lookup.ts';
import type { DossierRepository } from './dossier.repository.ts';
import { JOB_ESCALATE, JOB_REMINDER, JOB_STEP_OVERDUE } from './dossier.service.ts';

type Payload = { dossierId: string; dueAt: string };
type StepPayload = { dossierId: string; stepId: string; stepEnteredAt: string; dueAt: string };

const vnDateTime = (d: Date) =>
  new Date(d.getTime() + 7 * 3600_000)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ')
    .split(' ')
    .map((x, i) => (i === 0 ? x.split('-').reverse().join('/') : x))
    .join(' ');

export function registerDeadlineJobs(ctx: ModuleContext, repo: DossierRepository): void {
  const handle = (kind: 'reminder' | 'overdue') => async (job: { payload: Payload }, tx: any) => {
    const row = await repo.getDossierForUpdate(tx, job.payload.dossierId);
    if (!row) return;
    const state = row.state;
    if (state.completedAt !== null || STATUS_INFO[state.status].terminal || state.pause !== null) return;
    if (state.dueAt !== job.payload.dueAt) return; // moved since: the job of the new due instant handles it
    const dueAt = new Date(state.dueAt);
    const message =
      kind === 'reminder'
        ? `Hồ sơ ${row.code} sắp đến hạn giải quyết (${vnDateTime(dueAt)}).`
        : `Hồ sơ ${row.code} đã quá hạn giải quyết (hạn ${vnDateTime(dueAt)}); đề nghị lãnh đạo chỉ đạo xử lý, xin lỗi và hẹn lại (Mẫu 04) nếu cần.`;
    const inserted = await repo.insertNotification(tx, {
      id: uuidv7(),
      dossier_id: row.id,
      kind,
      due_at: dueAt,
      recipient_agency: row.handling_agency,
      recipient_role: kind === 'overdue' ? 'leader' : row.step_role,
      recipient_account: kind === 'overdue' ? null : row.assignee_id,
      message,
      created_at: ctx.clock.now(),
    });
    if (!inserted) return;
    await insertEvent(tx, ctx.clock, {
      module: 'dossier',
      type: kind === 'overdue' ? 'dossier.overdue' : 'dossier.due_soon',
      payload: {
        dossierId: row.id,
        code: row.code,
        dueAt: state.dueAt,
        handlingAgency: row.handling_agency,
        assigneeId: row.assignee_id,
        recipientRole: kind === 'overdue' ? 'leader' : row.step_role,
      },
    });
  };
  ctx.registerJob(JOB_STEP_OVERDUE, async (job: { payload: StepPayload }, tx: any) => {
    const row = await repo.getDossierForUpdate(tx, job.payload.dossierId);
    if (!row) return;
    const state = row.state;
    if (state.completedAt !== null || STATUS_INFO[state.status].terminal || state.pause !== null) return;
    if (state.status === 'pending_supplement') return;
    // Left (or left and entered again) before its due instant, or the due instant moved.
    if (
      state.stepId !== job.payload.stepId ||
      state.stepEnteredAt !== job.payload.stepEnteredAt ||
      state.stepDueAt !== job.payload.dueAt
    ) {
      return;
    }
    const dueAt = new Date(job.payload.dueAt);
    const inserted = await repo.insertNotification(tx, {
      id: uuidv7(),
      dossier_id: row.id,
      kind: 'step_overdue',
      step_id: state.stepId,
      due_at: dueAt,
      recipient_agency: row.handling_agency,
      recipient_role: 'leader',
      recipient_account: null,
      message: `Hồ sơ ${row.code ?? ''} đã quá hạn ở bước xử lý hiện tại (hạn bước ${vnDateTime(dueAt)}); đề nghị lãnh đạo đôn đốc cán bộ đang xử lý.`,
      created_at: ctx.clock.now(),
    });
    if (!inserted) return;
    await insertEvent(tx, ctx.clock, {
      module: 'dossier',
      type: 'dossier.step_overdue',
      payload: {
        dossierId: row.id,
        code: row.code,
        stepId: state.stepId,
        stepDueAt: job.payload.dueAt,
        handlingAgency: row.handling_agency,
        assigneeId: row.assignee_id,
        recipientRole: 'leader',
      },
    });
  });
  ctx.registerJob(JOB_REMINDER, handle('reminder'));
  ctx.registerJob(JOB_ESCALATE, handle('overdue'));
  ctx.registerJob(JOB_LOOKUP_CLEANUP, async (_job, tx) => {
    // Every window that started a full window ago or earlier has ended: its counts no longer limit anyone.
    const ended = new Date(ctx.clock.now().getTime() - LOOKUP_WINDOW_MS);
    const deleted = await repo.deleteLookupAttemptsBefore(tx, ended);
    ctx.logger.debug({ deleted }, 'đã xoá lượt tra cứu của các khung thời gian đã hết');
  });
}
