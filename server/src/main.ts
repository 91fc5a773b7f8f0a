/**
 * Process entry: load the configuration, build the app, listen, start the background workers,
 * and shut down gracefully (finish in-flight requests, stop workers, close the database).
 */
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';

export function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

export async function serve(config: Config, options: { seedDemo: boolean }): Promise<void> {
  const app = await buildApp(config);
  const { logger, database } = app.tinhso;
  if (database.kind === 'pglite') {
    logger.warn(
      { dataDir: config.database.url },
      'Đang dùng CSDL nhúng PGlite: chỉ để dùng thử, phát triển, trình diễn — PGlite không fsync, dữ liệu có thể mất khi mất điện. Đặt DATABASE_URL để dùng PostgreSQL.',
    );
  }
  if (options.seedDemo && config.demo) await app.tinhso.seedDemo();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'đang dừng: hoàn tất các yêu cầu đang xử lý');
    const force = setTimeout(() => {
      logger.error('quá thời gian dừng an toàn, buộc thoát');
      process.exit(1);
    }, config.http.shutdownGraceMs);
    force.unref();
    try {
      await app.close();
      logger.info('đã dừng');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'lỗi khi dừng');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  if (config.workers.enabled) app.tinhso.workers.start();
  logger.info({ address, database: database.kind, env: config.env }, `tinhso đang chạy tại ${address}`);
}

if (import.meta.main) {
  await serve(loadConfigOrExit(), { seedDemo: process.argv.includes('--seed-demo') });
}
