// The project's import graph, read with TypeScript's parser: which files and packages each source file
// loads, statically, lazily (`import()`), or by resolving a package's path (`require.resolve`,
// `import.meta.resolve`). The import-rule tests walk it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../lib/projectRoot.js';

export type ImportKind = 'static' | 'lazy' | 'resolve';

export interface Import {
  kind: ImportKind;
  /** A project file relative to the root (`lib/money.ts`), for relative specifiers. */
  file?: string;
  /** A package name (`viem`, `@hono/node-server`), for bare specifiers; `node:` built-ins are left out. */
  packageName?: string;
  specifier: string;
}

/** Every TypeScript file of the checkout (tracked or new, nothing ignored), relative to the root. */
export function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mts'], {
    cwd: projectRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && existsSync(join(projectRoot, file)));
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || specifier.startsWith('ponder:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function projectFile(from: string, specifier: string): string {
  const target = relative(projectRoot, join(projectRoot, dirname(from), specifier));
  return target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
}

const cache = new Map<string, Import[]>();

export function importsOf(file: string): Import[] {
  const known = cache.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, readFileSync(join(projectRoot, file), 'utf8'), ts.ScriptTarget.Latest);
  const found: Import[] = [];
  const add = (kind: ImportKind, specifier: string) => {
    if (specifier.startsWith('.')) found.push({ kind, specifier, file: projectFile(file, specifier) });
    else {
      const packageName = packageOf(specifier);
      if (packageName) found.push({ kind, specifier, packageName });
    }
  };
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      // Type-only imports vanish at run time.
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly;
      if (!typeOnly) add('static', node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add('lazy', node.arguments[0].text);
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve')
        add('resolve', node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  cache.set(file, found);
  return found;
}

export interface Reach {
  files: Set<string>;
  packages: Map<string, string>;
}

/**
 * Everything `entries` load when they run: files and packages (with a file that imports each), following
 * static imports and path resolutions, and lazy imports except those `skipLazy` names (file → target).
 */
export function reachableFrom(entries: string[], skipLazy: Record<string, string[]> = {}): Reach {
  const reach: Reach = { files: new Set(), packages: new Map() };
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reach.files.has(file)) continue;
    reach.files.add(file);
    for (const imported of importsOf(file)) {
      if (imported.packageName) {
        if (!reach.packages.has(imported.packageName)) reach.packages.set(imported.packageName, file);
      } else if (imported.file && !(imported.kind === 'lazy' && skipLazy[file]?.includes(imported.file))) {
        queue.push(imported.file);
      }
    }
  }
  return reach;
}
