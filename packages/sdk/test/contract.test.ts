import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('the generated API types', () => {
  it('are what openapi-typescript makes of the committed openapi.json (run `npm run openapi` after an API change)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'allot-types-')), 'openapi.generated.ts');
    // The very command of `npm run openapi:types`, writing elsewhere.
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const [command = '', ...args] = (scripts['openapi:types'] ?? '').split(' ');
    args[args.indexOf('-o') + 1] = out;
    execFileSync(join(repoRoot, 'node_modules/.bin', command), args, { cwd: repoRoot, stdio: 'pipe' });
    const committed = readFileSync(join(repoRoot, 'packages/sdk/src/openapi.generated.ts'), 'utf8');
    expect(readFileSync(out, 'utf8')).toBe(committed);
  });

  it('name the shapes of the API and enumerate its error and access codes', () => {
    const document = JSON.parse(readFileSync(join(repoRoot, 'openapi.json'), 'utf8')) as {
      components: { schemas: Record<string, { properties?: Record<string, { enum?: string[]; $ref?: string }> }> };
    };
    const { schemas } = document.components;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Tenant', 'User', 'License', 'Session', 'AccessAnswer', 'Problem']));
    expect(schemas.Problem?.properties?.code?.enum).toEqual(expect.arrayContaining(['seat_limit', 'invalid_request', 'not_found']));
    expect(schemas.AccessAnswer?.properties?.code?.$ref).toBe('#/components/schemas/AccessCode');
  });
});
