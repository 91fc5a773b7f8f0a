/**
 * `tinhso import units|agencies|procedures|calendar <file>`: loads a catalogue into the configured
 * database through the catalogue's own importers (the same checks, audit and events as the API)
 * and prints what was imported, updated and flagged. Exit 0 = imported, 1 = refused, 2 = usage.
 */
import { existsSync } from 'node:fs';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import {
  type CatalogApi,
  importAdminUnits,
  importAgencies,
  importDayOffSchedule,
  importProcedures,
} from '../modules/catalog/index.ts';
import { isAppError } from '../platform/errors/index.ts';
import { stageProgress } from './cli.progress.ts';

const KINDS = ['units', 'agencies', 'procedures', 'calendar'] as const;
const actor = { kind: 'system', id: 'cli', name: 'Dòng lệnh tinhso import' } as const;

export async function importCommand(
  config: Config,
  kind: string,
  file: string,
  opts: { dryRun: boolean; skipInvalid: boolean },
): Promise<number> {
  const say = (s: string) => process.stdout.write(`${s}\n`);
  if (!(KINDS as readonly string[]).includes(kind)) {
    process.stderr.write(`Loại danh mục «${kind}» không có; dùng một trong / use one of: ${KINDS.join(', ')}\n`);
    return 2;
  }
  if (!existsSync(file)) {
    process.stderr.write(`Không tìm thấy «${file}» / Not found\n`);
    return 2;
  }
  const progress = stageProgress(3);
  progress.stage('mở cơ sở dữ liệu, áp dụng migration / opening the database');
  const app = await buildApp({ ...config, workers: { ...config.workers, enabled: false } });
  try {
    const api = app.tinhso.apis.catalog as CatalogApi;
    progress.stage('đọc, kiểm tra và ghi / reading, checking, writing');
    switch (kind) {
      case 'units': {
        const r = await importAdminUnits(api, actor, file);
        progress.done();
        say(
          `Đơn vị hành chính / units: đọc ${r.units.read}, thêm ${r.units.inserted}, cập nhật ${r.units.updated}, tổng ${r.units.stored}`,
        );
        say(
          `Quan hệ kế thừa / successions: đọc ${r.successions.read}, thêm ${r.successions.inserted}, cập nhật ${r.successions.updated}`,
        );
        say(
          `Lỗi dữ liệu nguồn được ghi nhận / source defects reported: ${r.defects.total} (lỗi chưa xử lý / unresolved errors: ${r.defects.unresolvedErrors})`,
        );
        break;
      }
      case 'procedures': {
        const r = await importProcedures(api, actor, file);
        progress.done();
        say(
          `Thủ tục / procedures: đọc ${r.procedures.read}, thêm ${r.procedures.inserted}, cập nhật ${r.procedures.updated}, phiên bản mới thay thế ${r.procedures.superseded}, không đổi ${r.procedures.unchanged}`,
        );
        say(`Danh mục mã quốc gia / national index: ${r.index.stored} mã`);
        say(
          `Trường không đọc được, chờ quản trị xử lý / flagged for an administrator: ${r.flags.total} trên ${r.flags.procedures} thủ tục`,
        );
        break;
      }
      case 'agencies': {
        const r = await importAgencies(api, actor, file, { dryRun: opts.dryRun, skipInvalid: opts.skipInvalid });
        progress.done();
        say(
          `Cơ quan / agencies (${r.format}${r.dryRun ? ', chỉ kiểm tra / dry run' : ''}): đọc ${r.read}, thêm ${r.inserted}, cập nhật ${r.updated}, không đổi ${r.unchanged}, bỏ qua ${r.skipped}`,
        );
        for (const d of r.defects) {
          const what = d.severity === 'error' ? 'lỗi, bỏ qua / error, skipped' : 'cảnh báo / warning';
          say(`  ${what} dòng ${d.row} ${d.field}: ${d.message}`);
        }
        break;
      }
      case 'calendar': {
        const r = await importDayOffSchedule(api, actor, file);
        progress.done();
        say(
          `Lịch nghỉ / day-off schedule: đọc ${r.read} dòng, áp dụng ${r.accepted}, cần xác minh ${r.needsVerification}${r.changed ? '' : ' (không đổi / unchanged)'}`,
        );
        for (const issue of r.issues) say(`  cần xem / check: ${issue}`);
        break;
      }
    }
    return 0;
  } catch (err) {
    progress.done();
    if (!isAppError(err)) throw err;
    process.stderr.write(`Không nạp / refused: ${err.title}. ${err.detail ?? ''}\n`);
    for (const e of err.errors ?? []) process.stderr.write(`  ${e.field}: ${e.message}\n`);
    return 1;
  } finally {
    await app.close();
  }
}
