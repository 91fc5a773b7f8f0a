/**
 * The demo province's catalogue: every reference list the project ships, the national day-off
 * schedule, two working calendars of Cần Thơ and its agency tree. Never run in production.
 */
import path from 'node:path';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { buildDemoAgencyTree } from './agency-import/index.ts';
import type { AgenciesService } from './catalog.agencies.service.ts';
import type { CalendarService } from './catalog.calendar.service.ts';
import { importAdminUnits, importDayOffSchedule, importDocumentTypes, importProcedures } from './catalog.importer.ts';
import type { CatalogService } from './catalog.service.ts';

/** Thành phố Cần Thơ after the 2025 merger with Hậu Giang (93) and Sóc Trăng (94) keeps code 92. */
export const DEMO_PROVINCE_CODE = '92';
export const DEMO_CALENDAR_ID = 'can-tho';
export const DEMO_CENTRE_CALENDAR_ID = 'can-tho-tthcc';
const TWO_LEVEL_FROM = '2025-07-01';

type Api = CatalogService & AgenciesService & CalendarService;

export async function seedDemoCatalog(api: Api, ctx: ModuleContext): Promise<void> {
  const actor = { kind: 'system', id: 'seed', name: 'Nạp dữ liệu mẫu' } as const;
  const dir = ctx.config.referenceDataDir;
  const timed = async <T>(what: string, work: () => Promise<T>, summarise: (r: T) => unknown = (r) => r) => {
    const started = performance.now();
    const r = await work();
    ctx.logger.info({ report: summarise(r), ms: Math.round(performance.now() - started) }, what);
    return r;
  };

  await timed('đã nạp danh mục loại văn bản', () =>
    importDocumentTypes(api, actor, path.join(dir, 'document-types', 'nd30_2020_phuluc3_abbreviations.csv')),
  );
  // All 34 provinces and their history: the demo province needs its predecessors to answer dated questions.
  await timed('đã nạp đơn vị hành chính', () => importAdminUnits(api, actor, path.join(dir, 'admin-units')));
  await timed(
    'đã nạp thủ tục hành chính và danh mục mã thủ tục quốc gia',
    () => importProcedures(api, actor, path.join(dir, 'procedures')),
    ({ flags: { byCode: _, ...flags }, ...rest }) => ({ ...rest, flags }),
  );
  await timed('đã nạp lịch nghỉ lễ, Tết do Chính phủ công bố', () =>
    importDayOffSchedule(api, actor, path.join(dir, 'calendar', 'vn_official_dayoff_schedule_2024_2027.csv')),
  );

  const calendars = new Set((await api.listCalendars()).map((c) => c.id));
  if (!calendars.has(DEMO_CALENDAR_ID)) {
    await api.createCalendar(actor, {
      id: DEMO_CALENDAR_ID,
      name: 'Lịch làm việc các cơ quan hành chính thành phố Cần Thơ',
      provinceCode: DEMO_PROVINCE_CODE,
      isDefault: true,
    });
  }
  if (!calendars.has(DEMO_CENTRE_CALENDAR_ID)) {
    // Several provincial centres also receive dossiers on Saturday mornings; shown as an example.
    await api.createCalendar(actor, {
      id: DEMO_CENTRE_CALENDAR_ID,
      name: 'Trung tâm Phục vụ hành chính công thành phố Cần Thơ (làm việc sáng thứ Bảy)',
      provinceCode: DEMO_PROVINCE_CODE,
      workWeek: [1, 2, 3, 4, 5, 6],
      hoursByWeekday: { '6': [{ start: '07:00', end: '11:30' }] },
    });
  }

  const communes = await api.listUnits({
    level: 'commune',
    parent: DEMO_PROVINCE_CODE,
    on: TWO_LEVEL_FROM,
    limit: 500,
  });
  const records = buildDemoAgencyTree({
    provinceCode: DEMO_PROVINCE_CODE,
    provinceName: 'Cần Thơ',
    communes: communes.items.map((u) => ({ code: u.code, name: u.name, type: u.unitType })),
    validFrom: TWO_LEVEL_FROM,
  });
  await timed(
    'đã nạp cây cơ quan mẫu của thành phố Cần Thơ',
    () => api.importAgencyRecords(actor, records, 'demo'),
    (r) => ({ ...r, defects: r.defects.length }),
  );
}
