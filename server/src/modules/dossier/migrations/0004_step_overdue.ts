import { type Kysely, sql } from 'kysely';

/**
 * Step overdue escalations (issue 7): a step's own due instant passing is reported to the leaders
 * of the handling agency (Nghị định 118/2025/NĐ-CP: the leader directs the handling of dossiers
 * late at any stage, not only at the dossier's due date). A notification names the step it is
 * about; its uniqueness is per (dossier, kind, step, due instant), so a retried or duplicated job
 * records it once. The dossier-level kinds keep step_id '' (one row per dossier and due instant,
 * as before).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table dossier.notification add column step_id text not null default ''`.execute(db);
  await sql`alter table dossier.notification drop constraint notification_kind_check`.execute(db);
  await sql`alter table dossier.notification add constraint notification_kind_check
    check (kind in ('reminder', 'overdue', 'step_overdue'))`.execute(db);
  await sql`alter table dossier.notification drop constraint notification_dossier_id_kind_due_at_key`.execute(db);
  await sql`alter table dossier.notification add constraint notification_dossier_kind_step_due_key
    unique (dossier_id, kind, step_id, due_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from dossier.notification where kind = 'step_overdue'`.execute(db);
  await sql`alter table dossier.notification drop constraint notification_dossier_kind_step_due_key`.execute(db);
  await sql`alter table dossier.notification add constraint notification_dossier_id_kind_due_at_key
    unique (dossier_id, kind, due_at)`.execute(db);
  await sql`alter table dossier.notification drop constraint notification_kind_check`.execute(db);
  await sql`alter table dossier.notification add constraint notification_kind_check
    check (kind in ('reminder', 'overdue'))`.execute(db);
  await sql`alter table dossier.notification drop column step_id`.execute(db);
}
