/**
 * The catalogue module (Danh mục dùng chung): what was true on date D — administrative units,
 * agencies, sectors, procedures, document types. This file is the only door other modules use.
 */
import type { ModuleDefinition } from '../../platform/kernel/index.ts';
import { agenciesRepository } from './catalog.agencies.repository.ts';
import { agencyRoutes } from './catalog.agencies.routes.ts';
import { type AgenciesService, agenciesService } from './catalog.agencies.service.ts';
import { calendarRepository } from './catalog.calendar.repository.ts';
import { calendarRoutes } from './catalog.calendar.routes.ts';
import { type CalendarService, calendarService } from './catalog.calendar.service.ts';
import { catalogRepository } from './catalog.repository.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { seedDemoCatalog } from './catalog.seed.ts';
import { type CatalogService, catalogService } from './catalog.service.ts';
import * as m0001 from './migrations/0001_document_types.ts';
import * as m0002 from './migrations/0002_admin_units.ts';
import * as m0003 from './migrations/0003_procedures.ts';
import * as m0004 from './migrations/0004_agencies_calendars.ts';

export type { Agency, AgencyDetail, AgencyImportReport, AgencyTreeNode } from './catalog.agencies.service.ts';
export type { CalendarDefinition, DayOffItem, DueDate } from './catalog.calendar.service.ts';
export {
  type ImportReport,
  importAdminUnits,
  importAgencies,
  importDayOffSchedule,
  importDocumentTypes,
  importProcedures,
} from './catalog.importer.ts';
export type { AdminUnit, DocumentType, UnitDetail } from './catalog.schemas.ts';
export type { ProcedureImportReport, UnitImportReport } from './catalog.service.ts';
export type CatalogApi = CatalogService & AgenciesService & CalendarService;

export const catalogModule: ModuleDefinition<CatalogApi> = {
  name: 'catalog',
  migrations: {
    '0001_document_types': m0001,
    '0002_admin_units': m0002,
    '0003_procedures': m0003,
    '0004_agencies_calendars': m0004,
  },
  async setup(ctx, app) {
    const repo = catalogRepository(ctx.db);
    const service = catalogService(ctx, repo);
    const agencies = agenciesService(ctx, agenciesRepository(ctx.db), {
      unitExists: async (code, on) => (await repo.getUnit(code, on)) !== undefined,
    });
    const calendars = calendarService(ctx, calendarRepository(ctx.db));
    catalogRoutes(app, service, ctx.config.adminToken);
    agencyRoutes(app, agencies, ctx.config.adminToken);
    calendarRoutes(app, calendars, ctx.config.adminToken);
    return { ...service, ...agencies, ...calendars };
  },
  seedDemo: (api, ctx) => seedDemoCatalog(api, ctx),
};
