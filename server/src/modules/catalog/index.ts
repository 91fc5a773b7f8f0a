/**
 * The catalogue module (Danh mục dùng chung): what was true on date D — administrative units,
 * agencies, sectors, procedures, document types. This file is the only door other modules use.
 */
import path from 'node:path';
import type { ModuleDefinition } from '../../platform/kernel/index.ts';
import { importAdminUnits, importDocumentTypes, importProcedures } from './catalog.importer.ts';
import { catalogRepository } from './catalog.repository.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { type CatalogService, catalogService } from './catalog.service.ts';
import * as m0001 from './migrations/0001_document_types.ts';
import * as m0002 from './migrations/0002_admin_units.ts';
import * as m0003 from './migrations/0003_procedures.ts';

export { type ImportReport, importAdminUnits, importDocumentTypes, importProcedures } from './catalog.importer.ts';
export type { AdminUnit, DocumentType, UnitDetail } from './catalog.schemas.ts';
export type { ProcedureImportReport, UnitImportReport } from './catalog.service.ts';
export type CatalogApi = CatalogService;

export const catalogModule: ModuleDefinition<CatalogApi> = {
  name: 'catalog',
  migrations: { '0001_document_types': m0001, '0002_admin_units': m0002, '0003_procedures': m0003 },
  async setup(ctx, app) {
    const service = catalogService(ctx, catalogRepository(ctx.db));
    catalogRoutes(app, service, ctx.config.adminToken);
    return service;
  },
  async seedDemo(api, ctx) {
    const actor = { kind: 'system', id: 'seed', name: 'Nạp dữ liệu mẫu' } as const;
    const report = await importDocumentTypes(
      api,
      actor,
      path.join(ctx.config.referenceDataDir, 'document-types', 'nd30_2020_phuluc3_abbreviations.csv'),
    );
    ctx.logger.info({ report }, 'đã nạp danh mục loại văn bản');
    // All 34 provinces and their history: the demo province (Cần Thơ 92, with the former Hậu
    // Giang 93 and Sóc Trăng 94) needs its neighbours and predecessors to answer dated questions.
    const started = performance.now();
    const units = await importAdminUnits(api, actor, path.join(ctx.config.referenceDataDir, 'admin-units'));
    ctx.logger.info({ report: units, ms: Math.round(performance.now() - started) }, 'đã nạp đơn vị hành chính');
    const startedProcedures = performance.now();
    const procedures = await importProcedures(api, actor, path.join(ctx.config.referenceDataDir, 'procedures'));
    const { byCode: _, ...flags } = procedures.flags;
    ctx.logger.info(
      { report: { ...procedures, flags }, ms: Math.round(performance.now() - startedProcedures) },
      'đã nạp thủ tục hành chính và danh mục mã thủ tục quốc gia',
    );
  },
};
