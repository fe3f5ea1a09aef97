/**
 * Builds `dist/` for `pnpm pack` (the `prepack` script): ESM JavaScript and declarations, compiled with
 * `src/router.ts` swapped for its generated, server-free copy (router-declarations.ts). Compiled under
 * `strict`, `exactOptionalPropertyTypes` and NodeNext, and refused if any emitted file imports anything
 * but `@trpc/client`, `@trpc/server` (types only) or its own files.
 *
 *   pnpm --filter @loanbook/client dist
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { generateRouterDeclarations } from './router-declarations';

const CLIENT_DIR = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(CLIENT_DIR, 'src');
const DIST = join(CLIENT_DIR, 'dist');
const ROUTER_FILE = join(SRC, 'router.ts');

/** What the published files may import: the peers and themselves. */
const ALLOWED_IMPORT = /^(@trpc\/client|@trpc\/server|\.\/[\w.-]+\.js)$/;

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  declaration: true,
  skipLibCheck: true,
  types: [],
  rootDir: SRC,
  outDir: DIST,
  newLine: ts.NewLineKind.LineFeed,
};

function build(): string[] {
  const router = generateRouterDeclarations();
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    fileName === ROUTER_FILE
      ? ts.createSourceFile(fileName, router, languageVersion)
      : readSource(fileName, languageVersion, onError, shouldCreate);

  rmSync(DIST, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: [join(SRC, 'index.ts')], options, host });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  if (diagnostics.length > 0) {
    const format = {
      getCanonicalFileName: (f: string) => f,
      getCurrentDirectory: () => CLIENT_DIR,
      getNewLine: () => '\n',
    };
    throw new Error(ts.formatDiagnosticsWithColorAndContext(diagnostics, format));
  }
  const files = readdirSync(DIST).sort();
  for (const file of files) {
    const text = readFileSync(join(DIST, file), 'utf8');
    for (const [, specifier = ''] of text.matchAll(
      /\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g,
    )) {
      if (!ALLOWED_IMPORT.test(specifier)) throw new Error(`dist/${file} imports "${specifier}"`);
    }
  }
  return files;
}

const started = Date.now();
const files = build();
console.log(`@loanbook/client: dist/ (${files.join(', ')}) in ${Date.now() - started} ms`);
