/**
 * The one validated configuration of the platform. Nothing else in the code base reads
 * process.env: everything is passed down from the object this file returns.
 * An invalid value stops the process at start with a message naming the variable.
 */
import path from 'node:path';

// server/src/config.ts → <repo>/reference-data, wherever the process is started from.
const DEFAULT_REFERENCE_DATA_DIR = new URL('../../reference-data', import.meta.url).pathname;

export type DeploymentEnv = 'development' | 'test' | 'demo' | 'production';

export interface DatabaseConfig {
  /** `pglite` = embedded (files under dataDir, or memory); `postgres` = a real server. */
  kind: 'pglite' | 'postgres';
  /** postgres: the connection URL. pglite: a directory, or `memory://`. */
  url: string;
  poolSize: number;
}

export interface S3Config {
  bucket: string;
  prefix: string;
  endpoint: string | undefined;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

export interface Config {
  env: DeploymentEnv;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  database: DatabaseConfig;
  natsUrl: string | undefined;
  files: { dir: string; s3: S3Config | undefined; maxBytes: number };
  http: { bodyLimitBytes: number; shutdownGraceMs: number; trustProxy: boolean };
  /** Temporary bearer token for administrative writes until accounts and sessions exist (issue 4). */
  adminToken: string | undefined;
  /** Background workers (outbox dispatcher, job runner). Off for CLI one-shots and some tests. */
  workers: { enabled: boolean; pollMs: number; nodeId: string };
  /** Demo province data and demo accounts: never in production. */
  demo: boolean;
  /** The reference data shipped with the project (units, procedures, calendar, document types). */
  referenceDataDir: string;
  /** The address citizens and other applications reach this server at (OIDC issuer, links in e-mails). */
  publicUrl: string;
  /**
   * Secret that seals stored secrets (OIDC signing keys, TOTP seeds). Required in production;
   * elsewhere, when unset, the identity module keeps a random one in `<dataDir>/secret.key`.
   */
  secret: string | undefined;
  /** Outgoing mail; without SMTP_URL messages are only logged (never in production). */
  mail: { smtpUrl: string | undefined; from: string };
  /** Dossier code pattern (Thông tư 01/2018/TT-VPCP Art. 19 by default); validated by the dossier module. */
  dossierCodePattern: string | undefined;
  identity: {
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    /** Roles whose holders must enrol TOTP before they can act. */
    mfaRequiredRoles: string[];
  };
}

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`Cấu hình không hợp lệ — ${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `phải là số nguyên từ ${min} đến ${max} (nhận được «${raw}»)`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `phải là số nguyên từ ${min} đến ${max} (nhận được «${raw}»)`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `phải là một trong ${allowed.join(', ')} (nhận được «${raw}»)`);
  }
  return raw as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `phải là true hoặc false (nhận được «${raw}»)`);
}

function parseUrl(name: string, raw: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `không phải địa chỉ URL hợp lệ (nhận được «${raw}»)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `phải bắt đầu bằng ${protocols.map((p) => `${p}//`).join(' hoặc ')} (nhận được «${raw}»)`,
    );
  }
  return url;
}

/**
 * Reads and validates the configuration. `cwd` anchors relative paths (tests pass a temp dir).
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const deploymentEnv = oneOf(env, 'TINHSO_ENV', ['development', 'test', 'demo', 'production'] as const, 'development');
  const dataDir = path.resolve(cwd, str(env, 'DATA_DIR') ?? 'data');

  const dbRaw = str(env, 'DATABASE_URL');
  let database: DatabaseConfig;
  if (dbRaw === undefined) {
    if (deploymentEnv === 'production') {
      // PGlite does not fsync (ARCHITECTURE.md, "Durability"): production must use a real PostgreSQL.
      throw new ConfigError(
        'DATABASE_URL',
        'bắt buộc khi TINHSO_ENV=production; cơ sở dữ liệu nhúng (PGlite) không ghi đồng bộ xuống đĩa',
      );
    }
    database = { kind: 'pglite', url: path.join(dataDir, 'pglite'), poolSize: 1 };
  } else if (dbRaw === 'memory://' || dbRaw === 'pglite://memory') {
    if (deploymentEnv === 'production')
      throw new ConfigError('DATABASE_URL', 'không dùng cơ sở dữ liệu trong bộ nhớ khi production');
    database = { kind: 'pglite', url: 'memory://', poolSize: 1 };
  } else if (dbRaw.startsWith('pglite:')) {
    if (deploymentEnv === 'production') throw new ConfigError('DATABASE_URL', 'PGlite không dùng được khi production');
    database = {
      kind: 'pglite',
      url: path.resolve(cwd, dbRaw.slice('pglite:'.length).replace(/^\/\//, '')),
      poolSize: 1,
    };
  } else {
    parseUrl('DATABASE_URL', dbRaw, ['postgres:', 'postgresql:']);
    database = { kind: 'postgres', url: dbRaw, poolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200) };
  }

  const natsRaw = str(env, 'NATS_URL');
  if (natsRaw !== undefined) parseUrl('NATS_URL', natsRaw, ['nats:', 'tls:']);

  const filesUrl = str(env, 'FILES_URL');
  let s3: S3Config | undefined;
  if (filesUrl !== undefined) {
    const u = parseUrl('FILES_URL', filesUrl, ['s3:']);
    if (!u.hostname) throw new ConfigError('FILES_URL', 'thiếu tên bucket, ví dụ s3://tinhso-files/ho-so');
    const endpoint = str(env, 'S3_ENDPOINT');
    if (endpoint !== undefined) parseUrl('S3_ENDPOINT', endpoint, ['http:', 'https:']);
    s3 = {
      bucket: u.hostname,
      prefix: u.pathname.replace(/^\/+|\/+$/g, ''),
      endpoint,
      region: str(env, 'S3_REGION') ?? 'us-east-1',
      accessKeyId: str(env, 'S3_ACCESS_KEY_ID'),
      secretAccessKey: str(env, 'S3_SECRET_ACCESS_KEY'),
      forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
    };
  }

  const adminToken = str(env, 'TINHSO_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 24) {
    throw new ConfigError('TINHSO_ADMIN_TOKEN', 'phải dài ít nhất 24 ký tự');
  }

  const host = str(env, 'HOST') ?? '127.0.0.1';
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicRaw = str(env, 'PUBLIC_URL');
  if (publicRaw !== undefined) parseUrl('PUBLIC_URL', publicRaw, ['http:', 'https:']);
  const publicUrl = (publicRaw ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, '');

  const secret = str(env, 'TINHSO_SECRET');
  if (secret !== undefined && secret.length < 32) throw new ConfigError('TINHSO_SECRET', 'phải dài ít nhất 32 ký tự');
  if (secret === undefined && deploymentEnv === 'production') {
    throw new ConfigError('TINHSO_SECRET', 'bắt buộc khi TINHSO_ENV=production (ít nhất 32 ký tự ngẫu nhiên)');
  }
  const smtpUrl = str(env, 'SMTP_URL');
  if (smtpUrl !== undefined) parseUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  if (smtpUrl === undefined && deploymentEnv === 'production') {
    throw new ConfigError('SMTP_URL', 'bắt buộc khi TINHSO_ENV=production (thư đặt lại mật khẩu, thông báo hồ sơ)');
  }
  const mfaRaw = str(env, 'MFA_REQUIRED_ROLES');
  const mfaRequiredRoles = (mfaRaw ?? 'province_admin,agency_admin,leader')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '' && r !== 'none');

  return {
    env: deploymentEnv,
    host,
    port,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    dataDir,
    database,
    natsUrl: natsRaw,
    files: {
      dir: path.resolve(cwd, str(env, 'FILES_DIR') ?? path.join(dataDir, 'files')),
      s3,
      maxBytes: int(env, 'FILES_MAX_BYTES', 50 * 1024 * 1024, 1024, 5 * 1024 * 1024 * 1024),
    },
    http: {
      bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
      shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
      trustProxy: bool(env, 'TRUST_PROXY', false),
    },
    adminToken,
    workers: {
      enabled: bool(env, 'TINHSO_WORKERS', true),
      pollMs: int(env, 'TINHSO_POLL_MS', 250, 10, 60_000),
      nodeId: str(env, 'TINHSO_NODE_ID') ?? `node-${process.pid}`,
    },
    demo: deploymentEnv !== 'production' && bool(env, 'TINHSO_DEMO', true),
    referenceDataDir: path.resolve(cwd, str(env, 'REFERENCE_DATA_DIR') ?? DEFAULT_REFERENCE_DATA_DIR),
    publicUrl,
    secret,
    mail: { smtpUrl, from: str(env, 'MAIL_FROM') ?? 'tinhso <no-reply@tinhso.localhost>' },
    dossierCodePattern: str(env, 'DOSSIER_CODE_PATTERN'),
    identity: {
      sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
      mfaRequiredRoles,
    },
  };
}
