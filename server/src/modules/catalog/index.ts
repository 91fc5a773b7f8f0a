/**
 * The catalogue module (Danh mục dùng chung): what was true on date D — administrative units,
 * agencies, sectors, procedures, document types. This file is the only door other modules use.
 */
import path from 'node:path';
import type { ModuleDefinition } from '../../platform/kernel/index.ts';
import { importDocumentTypes } from './catalog.importer.ts';
import { catalogRepository } from './catalog.repository.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { type CatalogService, catalogService } from './catalog.service.ts';
import * as m0001 from './migrations/0001_document_types.ts';

export { type ImportReport, importDocumentTypes } from './catalog.importer.ts';
export type { DocumentType } from './catalog.schemas.ts';
export type CatalogApi = CatalogService;

export const catalogModule: ModuleDefinition<CatalogApi> = {
  name: 'catalog',
  migrations: { '0001_document_types': m0001 },
  async setup(ctx, app) {
    const service = catalogService(ctx, catalogRepository(ctx.db));
    catalogRoutes(app, service, ctx.config.adminToken);
    return service;
  },
  async seedDemo(api, ctx) {
    const report = await importDocumentTypes(
      api,
      { kind: 'system', id: 'seed', name: 'Nạp dữ liệu mẫu' },
      path.join(ctx.config.referenceDataDir, 'document-types', 'nd30_2020_phuluc3_abbreviations.csv'),
    );
    ctx.logger.info({ report }, 'đã nạp danh mục loại văn bản');
  },
};
