/**
 * The web app's API types (web/src/shared/api/openapi.gen.ts) are generated from the server's
 * OpenAPI document by scripts/api-types.ts. A route schema changed without regenerating them
 * would let the pages compile against answers the server no longer gives: this test fails then,
 * with the command that mends it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types.ts';

describe('generated API types of the web app', () => {
  it('are what the server describes now (regenerate: node scripts/api-types.ts)', async () => {
    const generated = await generateApiTypes();
    // The document is real: it names the routes the pages call.
    expect(generated).toContain('"/api/v1/catalog/procedures"');
    expect(generated).toContain('"/api/v1/office/queues/{queue}"');
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed === generated, 'web/src/shared/api/openapi.gen.ts is stale: run node scripts/api-types.ts').toBe(
      true,
    );
  }, 180_000);
});
