/**
 * buildApp(config): wires the platform and the modules into one Fastify instance. It never
 * listens (tests use app.inject()); main.ts listens and starts the background workers.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { catalogModule } from './modules/catalog/index.ts';
import { dossierModule } from './modules/dossier/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { ssoModule } from './modules/sso/index.ts';
import { type AuditLog, createAuditLog } from './platform/audit/index.ts';
import { type Clock, systemClock } from './platform/clock/index.ts';
import {
  type Database,
  type ModuleMigrations,
  migrateAll,
  openDatabase,
  pendingMigrations,
} from './platform/db/index.ts';
import { commonErrors } from './platform/errors/index.ts';
import { connectNatsRelay, Dispatcher, type NatsRelay } from './platform/events/index.ts';
import { type BlobStore, createBlobStore } from './platform/files/index.ts';
import {
  createHttpServer,
  DEFAULT_WEB_DIST_DIR,
  installMetrics,
  installWebApps,
  sendProblem,
} from './platform/http/index.ts';
import { JobRunner } from './platform/jobs/index.ts';
import { type ModuleContext, type ModuleDefinition, moduleContext } from './platform/kernel/index.ts';
import { platformMigrations } from './platform/migrations/index.ts';
import { WorkerLoop } from './platform/workers/index.ts';

export const VERSION = '0.1.0';

/** Every module of the platform, in dependency order. */
export const MODULES: ModuleDefinition<any>[] = [catalogModule, identityModule, ssoModule, dossierModule];

/** The platform's migrations and then each module's, in order. */
export function migrationsOf(modules: ModuleDefinition<unknown>[] = MODULES): ModuleMigrations[] {
  return [platformMigrations, ...modules.map((m) => ({ module: m.name, migrations: m.migrations }))];
}

export interface Tinhso {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  dispatcher: Dispatcher;
  jobs: JobRunner;
  workers: WorkerLoop;
  files: BlobStore;
  /** Public APIs of the modules, by module name. */
  apis: Record<string, unknown>;
  contexts: Record<string, ModuleContext>;
  seedDemo(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    tinhso: Tinhso;
  }
}

export interface BuildOptions {
  clock?: Clock;
  logger?: Logger;
  /** Use an already open database (tests share one); it is not closed with the app. */
  database?: Database;
  /** Apply migrations at start (default true). */
  migrate?: boolean;
  /** Extra modules (tests add probe modules). */
  extraModules?: ModuleDefinition<unknown>[];
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { service: 'tinhso', node: config.workers.nodeId } });
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? createLogger(config);
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database));
  const ownsDatabase = options.database === undefined;
  const modules = [...MODULES, ...(options.extraModules ?? [])];
  const migrations = migrationsOf(modules);

  let nats: NatsRelay | undefined;
  try {
    if (options.migrate !== false) await migrateAll(database.db, migrations);
    if (config.natsUrl) nats = await connectNatsRelay(config.natsUrl);
  } catch (err) {
    if (ownsDatabase) await database.close();
    throw err;
  }

  const files = createBlobStore({ dir: config.files.dir, maxBytes: config.files.maxBytes, s3: config.files.s3 });
  const audit = createAuditLog(database.db, clock);
  const dispatcher = new Dispatcher({ db: database.db, clock, logger, nodeId: config.workers.nodeId, nats });
  const jobs = new JobRunner({ db: database.db, clock, logger, nodeId: config.workers.nodeId });
  const workers = new WorkerLoop(
    [
      { name: 'outbox', runOnce: () => dispatcher.runOnce() },
      { name: 'jobs', runOnce: () => jobs.runOnce() },
    ],
    config.workers.pollMs,
    logger,
  );

  const app = await createHttpServer({
    logger,
    bodyLimitBytes: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    version: VERSION,
  });

  const deps = {
    config,
    db: database.db,
    clock,
    logger,
    audit,
    dispatcher,
    jobs,
    files,
    onCommit: () => workers.wake(),
  };
  const apis: Record<string, unknown> = {};
  const contexts: Record<string, ModuleContext> = {};
  for (const m of modules) {
    contexts[m.name] = moduleContext(m.name, deps);
    apis[m.name] = await m.setup(contexts[m.name]!, app, apis);
  }

  const tinhso: Tinhso = {
    config,
    database,
    clock,
    logger,
    audit,
    dispatcher,
    jobs,
    workers,
    files,
    apis,
    contexts,
    async seedDemo() {
      if (!config.demo) throw new Error('Không nạp dữ liệu mẫu khi TINHSO_ENV=production');
      for (const m of modules) if (m.seedDemo) await m.seedDemo(apis[m.name], contexts[m.name]!);
    },
  };
  app.decorate('tinhso', tinhso);

  const metrics = installMetrics(app, async () => {
    const backlog = await dispatcher.backlog();
    metrics.outboxPending.set(backlog.pending);
    metrics.outboxOldestAgeSeconds.set(backlog.oldestAgeMs === null ? 0 : backlog.oldestAgeMs / 1000);
  });

  app.get('/healthz', { schema: { tags: ['platform'], summary: 'Tiến trình còn sống (liveness)' } }, async () => ({
    status: 'ok',
    version: VERSION,
  }));

  let readyUntil = 0;
  app.get(
    '/readyz',
    { schema: { tags: ['platform'], summary: 'Sẵn sàng phục vụ: CSDL kết nối được và đã áp dụng đủ migration' } },
    async (_request, reply) => {
      const now = Date.now();
      if (now >= readyUntil) {
        try {
          await database.ping();
        } catch {
          return sendProblem(reply, commonErrors.unavailable('Không kết nối được cơ sở dữ liệu.'));
        }
        const pending = await pendingMigrations(database.db, migrations);
        if (pending.length > 0) {
          return sendProblem(reply, commonErrors.unavailable(`Chưa áp dụng migration: ${pending.join(', ')}.`));
        }
        readyUntil = now + 2000;
      }
      return { status: 'ready', database: database.kind, nats: nats ? 'connected' : 'off' };
    },
  );

  // The web apps (web/dist) when they are built; otherwise a small landing page.
  if (!installWebApps(app, { distDir: DEFAULT_WEB_DIST_DIR })) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      reply.type('text/html; charset=utf-8');
      return landingPage(config);
    });
  }

  app.addHook('onClose', async () => {
    await workers.stop();
    if (nats) await nats.close();
    await files.close?.();
    if (ownsDatabase) await database.close();
  });

  return app;
}

function landingPage(config: Config): string {
  const embedded = config.database.kind === 'pglite';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tinhso — Nền tảng chính quyền số</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{color:#a5141b}code{background:#f3f3f3;padding:.1rem .3rem}.warn{background:#fff4e5;border-left:4px solid #e8900c;padding:.5rem 1rem}</style>
</head><body>
<h1>tinhso</h1>
<p>Nền tảng chính quyền số cấp tỉnh: dịch vụ công trực tuyến, một cửa điện tử, quản lý văn bản, trục liên thông, danh mục dùng chung.</p>
${embedded ? '<p class="warn">Đang chạy với cơ sở dữ liệu nhúng (PGlite) — chỉ dùng để dùng thử, phát triển và trình diễn; dữ liệu không được ghi đồng bộ xuống đĩa.</p>' : ''}
<ul>
<li><a href="/docs">Tài liệu API (OpenAPI)</a></li>
<li><a href="/api/v1/catalog/document-types">Danh mục loại văn bản (Nghị định 30/2020/NĐ-CP)</a></li>
<li><a href="/readyz">Trạng thái sẵn sàng</a></li>
</ul>
</body></html>`;
}
