import type { ModuleMigrations } from '../db/index.ts';
import * as m0001 from './0001_platform.ts';

export const platformMigrations: ModuleMigrations = {
  module: 'platform',
  migrations: { '0001_platform': m0001 },
};
