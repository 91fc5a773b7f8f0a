#!/usr/bin/env node
/**
 * The tinhso command line. Help texts are bilingual (Vietnamese first, then English).
 */
import { Command } from 'commander';
import { buildApp, migrationsOf, VERSION } from '../app.ts';
import { loadConfigOrExit, serve } from '../main.ts';
import { createAuditLog } from '../platform/audit/index.ts';
import { systemClock } from '../platform/clock/index.ts';
import { migrateAll, openDatabase } from '../platform/db/index.ts';
import { importCommand } from './cli.import.ts';

const program = new Command();
program
  .name('tinhso')
  .description('Nền tảng chính quyền số cấp tỉnh / Provincial digital-government platform')
  .version(VERSION, '-v, --version', 'In phiên bản / Print the version')
  .helpOption('-h, --help', 'Trợ giúp / Help')
  .helpCommand('help [lệnh]', 'Trợ giúp về một lệnh / Help for a command')
  .addHelpText(
    'after',
    `
Cấu hình qua biến môi trường / Configuration through environment variables:
  PORT (3000), HOST (127.0.0.1), DATABASE_URL (trống = PGlite trong ./data / empty = embedded PGlite),
  NATS_URL, FILES_DIR, FILES_URL (s3://bucket/prefix), TINHSO_ENV (development|test|demo|production)`,
  );

program
  .command('serve')
  .description('Khởi động máy chủ / Start the server')
  .option('--seed-demo', 'Nạp dữ liệu tỉnh mẫu (không khi production) / Load the demo province (never in production)')
  .action(async (opts: { seedDemo?: boolean }) => {
    await serve(loadConfigOrExit(), { seedDemo: opts.seedDemo === true });
  });

program
  .command('migrate')
  .description('Áp dụng migration cơ sở dữ liệu / Apply database migrations')
  .action(async () => {
    const config = loadConfigOrExit();
    const database = await openDatabase(config.database);
    try {
      const reports = await migrateAll(database.db, migrationsOf());
      for (const r of reports) {
        process.stdout.write(
          `${r.module}: ${r.applied.length === 0 ? 'không có gì mới / up to date' : r.applied.join(', ')}\n`,
        );
      }
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('Nạp dữ liệu tỉnh mẫu / Load the demo province data')
  .action(async () => {
    const config = { ...loadConfigOrExit(), workers: { ...loadConfigOrExit().workers, enabled: false } };
    if (!config.demo) {
      process.stderr.write('Không nạp dữ liệu mẫu khi TINHSO_ENV=production / No demo data in production\n');
      process.exit(2);
    }
    const app = await buildApp(config);
    try {
      await app.tinhso.seedDemo();
      await app.tinhso.workers.drain();
      process.stdout.write('Đã nạp dữ liệu mẫu / Demo data loaded\n');
    } finally {
      await app.close();
    }
  });

program
  .command('verify-audit')
  .description('Kiểm tra chuỗi băm nhật ký kiểm toán / Verify the audit log hash chains')
  .action(async () => {
    const config = loadConfigOrExit();
    const database = await openDatabase(config.database);
    try {
      const result = await createAuditLog(database.db, systemClock).verify({
        onProgress: (n) => process.stderr.write(`\rđã kiểm tra / checked ${n}`),
      });
      process.stderr.write('\n');
      if (result.ok) {
        process.stdout.write(
          `Nhật ký toàn vẹn / Audit log intact: ${result.chains} chuỗi / chains, ${result.rows} bản ghi / rows\n`,
        );
        return;
      }
      for (const b of result.breaks) {
        process.stdout.write(`HỎNG / BROKEN chain=${b.chain} seq=${b.seq}${b.id ? ` id=${b.id}` : ''}: ${b.reason}\n`);
      }
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

program
  .command('import')
  .description(
    'Nạp danh mục: units <thư mục admin-units> | agencies <tệp .csv/.xlsx> | procedures <thư mục procedures> | calendar <tệp lịch nghỉ .csv> / Import a catalogue',
  )
  .argument('<loai>', 'units | agencies | procedures | calendar')
  .argument('<tep>', 'Tệp hoặc thư mục nguồn / Source file or directory')
  .option('--dry-run', 'Chỉ kiểm tra, không ghi (agencies) / Check only, write nothing (agencies)')
  .option(
    '--skip-invalid',
    'Nạp dòng hợp lệ, bỏ qua dòng lỗi (agencies) / Import the valid rows, skip and report the others (agencies)',
  )
  .action(async (kind: string, file: string, opts: { dryRun?: boolean; skipInvalid?: boolean }) => {
    process.exitCode = await importCommand(loadConfigOrExit(), kind, file, {
      dryRun: opts.dryRun === true,
      skipInvalid: opts.skipInvalid === true,
    });
  });

await program.parseAsync(process.argv);
