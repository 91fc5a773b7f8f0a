/**
 * The one place identity reaches the catalogue: the agency tree on a date (role scopes) and
 * whether an agency exists. Through the catalog module's public API only (its index.ts).
 */
import type { CatalogApi } from '../catalog/index.ts';

export interface AgencyInfo {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
}

export interface AgencyDirectory {
  /** The code itself plus all descendants valid on the date; [] if unknown. */
  subtree(code: string, on?: string): Promise<string[]>;
  get(code: string, on?: string): Promise<AgencyInfo | null>;
  /** The agencies directly under this one, valid today. */
  children(code: string): Promise<AgencyInfo[]>;
}

/** The part of the catalogue API identity uses (tests may pass a fake of this shape). */
export type CatalogAgencies = Pick<CatalogApi, 'agencySubtree' | 'getAgency' | 'listAgencies'>;

export function agencyDirectory(catalog: CatalogAgencies | undefined): AgencyDirectory {
  if (!catalog) throw new Error('identity needs the catalog module (MODULES order: catalog before identity)');
  return {
    subtree: (code, on) => catalog.agencySubtree(code, on),
    async get(code, on) {
      const a = await catalog.getAgency(code, on);
      return a ? { code: a.code, name: a.name, kind: a.kind, parentCode: a.parentCode } : null;
    },
    async children(code) {
      const out: AgencyInfo[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await catalog.listAgencies({ parent: code, limit: 500, offset });
        for (const a of page.items) out.push({ code: a.code, name: a.name, kind: a.kind, parentCode: a.parentCode });
        if (offset + page.items.length >= page.total || page.items.length === 0) return out;
      }
    },
  };
}
