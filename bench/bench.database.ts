/**
 * What every bench scenario needs before it measures: a fresh database of its own (dropped at
 * the end) and percentiles of a sample.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  url: string;
  /** For display: the database without credentials. */
  label: string;
  drop(): Promise<void>;
}

/** `target`: a postgres:// URL of a server to create the database on, or "pglite" (in memory). */
export async function prepareDatabase(target: string): Promise<BenchDatabase> {
  if (target === 'pglite') {
    return { kind: 'pglite', url: 'memory://', label: 'memory://', drop: async () => {} };
  }
  const admin = new URL(target);
  if (admin.protocol !== 'postgres:' && admin.protocol !== 'postgresql:') {
    throw new Error(`BENCH_DATABASE_URL must be a postgres:// URL or "pglite" (got «${target}»)`);
  }
  const name = `tinhso_bench_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(target);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    label: `${url.host}/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: target });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function summary(samples: readonly number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.at(-1) ?? Number.NaN,
  };
}
