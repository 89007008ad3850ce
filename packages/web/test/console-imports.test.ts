import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The console is bundled for the browser. It reads the API's shapes from the types generated from
// openapi.json (@allot/sdk/openapi) and the permission names from core, for types only: a value
// imported from the SDK or from core's barrel would pull Node code (node:crypto) into the bundle.
// It runs only core's modules without Node code, each through its own subpath: money, the
// module-reference rules (which license covers a module) and the license file's grant (which
// license the API lets no one change on its own).

const src = join(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every `import … from '@allot/…'` of the console, with its file. */
const allotImports = sourceFiles(src).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(@allot\/[^']+)';/gms)].map((match) => ({
    file: relative(src, file),
    typeOnly: match[1] !== undefined,
    module: match[2] ?? '',
  })),
);

describe('what the console imports from the other packages', () => {
  it('imports the SDK and core’s barrel for types only (`import type`, which the bundle drops), and runs only core’s browser-safe subpaths', () => {
    // `import { type X }` stays in the bundle as a bare import under verbatimModuleSyntax, so it counts as running the module.
    const running = allotImports.filter((i) => !i.typeOnly);
    expect(new Set(running.map((i) => i.module))).toEqual(new Set(['@allot/core/money', '@allot/core/module-ref', '@allot/core/file-license']));
    expect(new Set(allotImports.map((i) => i.module))).toEqual(new Set(['@allot/sdk/openapi', '@allot/core', '@allot/core/money', '@allot/core/module-ref', '@allot/core/file-license']));
  });
});
