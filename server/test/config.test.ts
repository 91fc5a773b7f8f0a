/** The configuration schema: defaults, and a clear Vietnamese refusal naming the variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to the embedded database under ./data on port 3000', () => {
    const c = loadConfig({}, '/srv/tinhso');
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'pglite', url: '/srv/tinhso/data/pglite', poolSize: 1 });
    expect(c.files.dir).toBe('/srv/tinhso/data/files');
    expect(c.files.s3).toBeUndefined();
    expect(c.demo).toBe(true);
  });

  it('reads PostgreSQL, NATS and S3 settings', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/tinhso',
      NATS_URL: 'nats://bus:4222',
      FILES_URL: 's3://ho-so/tinh',
      S3_ENDPOINT: 'http://minio:9000',
      TINHSO_ENV: 'production',
      TINHSO_SECRET: 'a-production-secret-of-at-least-32-chars',
      SMTP_URL: 'smtp://mail.tinh.gov.vn:587',
    });
    expect(c.database.kind).toBe('postgres');
    expect(c.natsUrl).toBe('nats://bus:4222');
    expect(c.files.s3).toMatchObject({
      bucket: 'ho-so',
      prefix: 'tinh',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
    });
    expect(c.demo).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NATS_URL: 'http://x' }, 'NATS_URL'],
    [{ FILES_URL: 'ftp://x' }, 'FILES_URL'],
    [{ TINHSO_ENV: 'prod' }, 'TINHSO_ENV'],
    [{ TINHSO_ENV: 'production' }, 'DATABASE_URL'],
    [{ TINHSO_ENV: 'production', DATABASE_URL: 'postgres://db/t' }, 'TINHSO_SECRET'],
    [{ TINHSO_ENV: 'production', DATABASE_URL: 'postgres://db/t', TINHSO_SECRET: 'x'.repeat(32) }, 'SMTP_URL'],
    [{ TINHSO_SECRET: 'too-short' }, 'TINHSO_SECRET'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ TINHSO_ADMIN_TOKEN: 'short' }, 'TINHSO_ADMIN_TOKEN'],
    [{ TINHSO_WORKERS: 'maybe' }, 'TINHSO_WORKERS'],
  ])('refuses %o naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(/^Cấu hình không hợp lệ — /);
  });
});

describe('DOSSIER_CODE_PATTERN', () => {
  it('an invalid dossier code pattern stops the app at start, naming the variable', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { createTestDatabase, testConfig, quietLogger } = await import('./support.ts');
    const db = await createTestDatabase();
    const database = await db.open();
    try {
      await expect(
        buildApp(testConfig({ DOSSIER_CODE_PATTERN: '{yyMMdd}-{seq4}' }), { logger: quietLogger, database }),
      ).rejects.toThrow(/DOSSIER_CODE_PATTERN.*\{agency\}/);
    } finally {
      await database.close();
      await db.drop();
    }
  });
});
