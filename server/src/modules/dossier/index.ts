/**
 * The dossier module (hồ sơ thủ tục hành chính, issue 5): process definitions, submission and
 * reception, processing through the steps, transfers, supplements, deadlines, fees and payments,
 * public lookup. This file is the only door other modules and the web apps use.
 */
import { ConfigError } from '../../config.ts';
import type { ModuleDefinition } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import { DEMO_CITIZEN, DEMO_PASSWORD, type IdentityApi } from '../identity/index.ts';
import { validateDossierCodePattern } from './domain/index.ts';
import { registerDashboard } from './dossier.dashboard.routes.ts';
import { dossierEformsRoutes } from './dossier.eforms.routes.ts';
import { dossierFormsRoutes } from './dossier.forms.routes.ts';
import { registerDeadlineJobs } from './dossier.jobs.ts';
import { registerApplicantNotifications } from './dossier.notify.ts';
import { type PaymentService, paymentService } from './dossier.payments.ts';
import { procedureAgenciesRoutes } from './dossier.procedure-agencies.ts';
import { processDefinitionRoutes } from './dossier.process-definitions.routes.ts';
import { processDefinitionDrafts } from './dossier.process-definitions.ts';
import { registerQueues } from './dossier.queues.routes.ts';
import { registerRatings } from './dossier.ratings.routes.ts';
import { dossierRepository } from './dossier.repository.ts';
import { dossierRoutes } from './dossier.routes.ts';
import { seedDemoDossiers } from './dossier.seed.ts';
import { type DossierService, dossierService } from './dossier.service.ts';
import * as m0001 from './migrations/0001_dossier.ts';
import * as m0002ratings from './migrations/0002_ratings.ts';
import * as m0003claimsResults from './migrations/0003_claims_results.ts';
import * as m0004stepOverdue from './migrations/0004_step_overdue.ts';

export type {
  ActionKind,
  AppointmentPrediction,
  DossierActionKind,
  DossierFormId,
  DossierState,
  DossierStatus,
  HistoryEntry,
  ProcessDefinition,
  Step,
  StepRole,
} from './domain/index.ts';
export {
  ACTION_LABELS,
  DOSSIER_FORMS,
  DOSSIER_STATUSES,
  demoProcessDefinitions,
  exportProcessDefinition,
  importProcessDefinition,
  isTerminalStatus,
  ROLE_LABELS,
  STATUS_INFO,
  toMermaid,
  validateProcessDefinition,
} from './domain/index.ts';
export type { ActionInput, ListQuery, SubmitInput } from './dossier.service.ts';
export { crc16Ccitt, verifyVietQr, vietQrPayload } from './dossier.vietqr.ts';
export type { DemoPerson, EFormDocument, EFormSchema, EFormVersion } from './eforms/index.ts';
export { demoFormData, eforms } from './eforms/index.ts';

export type DossierApi = DossierService & { payments: PaymentService };

/** What the demo seed needs beyond the API (seedDemo receives only the API). */
const seedDeps = new WeakMap<DossierApi, { catalog: CatalogApi; identity: IdentityApi | undefined }>();

export const dossierModule: ModuleDefinition<DossierApi> = {
  name: 'dossier',
  migrations: {
    '0001_dossier': m0001,
    '0002_ratings': m0002ratings,
    '0003_claims_results': m0003claimsResults,
    '0004_step_overdue': m0004stepOverdue,
  },
  async setup(ctx, app, apis) {
    const catalog = apis['catalog'] as CatalogApi | undefined;
    if (!catalog) throw new Error('dossier needs the catalog module (MODULES order: catalog before dossier)');
    const identity = apis['identity'] as IdentityApi | undefined;
    const repo = dossierRepository(ctx.db);
    // Thông tư 03/2025 may change the code format: the pattern is configuration, checked at start.
    const codePattern = ctx.config.dossierCodePattern;
    if (codePattern !== undefined) {
      const problems = validateDossierCodePattern(codePattern);
      if (problems.length > 0) {
        throw new ConfigError('DOSSIER_CODE_PATTERN', problems.map((p) => p.message).join(' '));
      }
    }
    const service = dossierService(ctx, repo, { catalog, identity, ...(codePattern ? { codePattern } : {}) });
    const payments = paymentService(ctx, repo, service);
    registerDeadlineJobs(ctx, repo);
    dossierRoutes(app, service, payments, identity, {
      adminToken: ctx.config.adminToken,
      simulator: ctx.config.env !== 'production',
    });
    processDefinitionRoutes(app, service, processDefinitionDrafts(ctx, repo, { catalog, identity }), {
      adminToken: ctx.config.adminToken,
    });
    dossierFormsRoutes(app, service, { catalog, identity, ctx });
    dossierEformsRoutes(app, ctx, service, identity);
    registerRatings(app, { ctx, service, catalog, identity });
    if (identity) registerApplicantNotifications(ctx, app);
    procedureAgenciesRoutes(app, ctx, catalog);
    registerQueues(app, { ctx, service, catalog, identity });
    registerDashboard(app, { ctx, service, catalog, identity });
    const api: DossierApi = { ...service, payments };
    seedDeps.set(api, { catalog, identity });
    return api;
  },
  async seedDemo(api, ctx) {
    const deps = seedDeps.get(api);
    let citizenAccountId: string | null = null;
    if (deps?.identity) {
      // The demo citizen's account id, through the identity door (it has no lookup by username).
      citizenAccountId = await deps.identity
        .verifyCredentials(
          { username: DEMO_CITIZEN.citizenId, password: DEMO_PASSWORD },
          { ip: 'seed', userAgent: 'tinhso seed' },
        )
        .then((r) => r.accountId)
        .catch(() => null);
    }
    await seedDemoDossiers(api, ctx, {
      ...(deps ? { catalog: deps.catalog } : {}),
      ...(deps?.identity ? { identity: deps.identity } : {}),
      citizenAccountId,
    });
  },
};
