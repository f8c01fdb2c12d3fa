// The layout's rules (docs/architecture.md, "Folders and what they may import"), checked on the import
// graph: the runtime floor stays a floor, the API and the worker stay apart, and production code loads
// no dev tooling, neither our own nor a dev dependency.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';
import { importsOf, reachableFrom, sourceFiles } from './harness/importGraph.js';

const files = sourceFiles();
const isTest = (file: string) => file.endsWith('.test.ts') || file.startsWith('test/');
const room = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

/** What the production rooms may import from the project (themselves included); tests beside them aside. */
const allowedRooms: Record<string, string[]> = {
  lib: ['lib', 'abis'],
  // The consoles show amounts and times exactly as the checkout does, with its module (viem only, no DOM),
  // and hand their charts the data the chart island reads.
  api: ['api', 'lib', 'abis', 'web/checkout/format.ts', 'web/console/chartData.ts'],
  jobs: ['jobs', 'lib', 'abis'],
  indexer: ['indexer', 'lib', 'abis', 'ponder.schema.ts'],
  src: ['src', 'indexer', 'lib', 'abis', 'ponder.schema.ts'],
  // web/build.ts runs in Node; the browser code itself is held to less below.
  web: ['web', 'lib', 'abis'],
};

/** Browser code: bundled for the page, so nothing that needs Node. */
const isBrowserCode = (file: string) => file.startsWith('web/') && file !== 'web/build.ts' && !isTest(file);

/** The processes a production host runs, and the files Ponder loads into `ponder start`. */
const productionEntryPoints = [
  'scripts/api.ts',
  'scripts/indexer.ts',
  'scripts/worker.ts',
  'scripts/merchant.ts',
  'scripts/admin.ts',
  'scripts/escrow.ts',
  'scripts/build-web.ts',
  'scripts/deploy.ts',
  'scripts/config-check.ts',
  // what esbuild bundles for the browser (web/build.ts names them by path, not by import)
  'web/checkout/widget.ts',
  'web/checkout/walletConnect.ts',
  'web/console/wallet.ts',
  'web/console/charts.ts',
  'ponder.config.ts',
  'ponder.schema.ts',
  'src/index.ts',
  'src/api/index.ts',
];

/** Lazy imports of dev tooling that run only where no database is configured (a developer's machine). */
const devOnlyLazyImports = { 'scripts/operatorEnv.ts': ['devkit/stackFile.ts'] };

const devRooms = ['devkit', 'test', 'bench', 'contracts'];

describe('rooms', () => {
  for (const [owner, allowed] of Object.entries(allowedRooms)) {
    it(`${owner}/ imports only ${allowed.join(', ')}`, () => {
      const offending = files
        .filter((file) => room(file) === owner && !isTest(file))
        .flatMap((file) =>
          importsOf(file)
            .filter(
              (imported) => imported.file && !allowed.includes(room(imported.file)) && !allowed.includes(imported.file),
            )
            .map((imported) => `${file} → ${imported.file}`),
        );
      expect(offending).toEqual([]);
    });
  }

  it('browser code imports only browser code and the ABIs', () => {
    const offending = files.filter(isBrowserCode).flatMap((file) =>
      importsOf(file)
        .filter((imported) =>
          imported.file
            ? !(isBrowserCode(imported.file) || room(imported.file) === 'abis')
            : imported.specifier.startsWith('node:'),
        )
        .map((imported) => `${file} → ${imported.file}`),
    );
    expect(offending).toEqual([]);
    expect(files.filter(isBrowserCode).length).toBeGreaterThan(5);
  });

  it('lib/ starts no process', () => {
    const spawning = files.filter(
      (file) =>
        room(file) === 'lib' &&
        !isTest(file) &&
        importsOf(file).some((imported) => imported.specifier === 'node:child_process'),
    );
    expect(spawning).toEqual([]);
  });

  it('api/ handlers reach the database only through the request’s handle (c.var.db)', () => {
    // The pool is for what wraps a request (idempotency's transaction, key bookkeeping), in these files.
    const poolOwners = ['api/app.ts', 'api/context.ts', 'api/services.ts'];
    const usingPool = files.filter(
      (file) =>
        room(file) === 'api' &&
        !isTest(file) &&
        !file.startsWith('api/middleware/') &&
        !poolOwners.includes(file) &&
        /\.pool\b|[{,]\s*pool\s*[,}:]/.test(readFileSync(join(projectRoot, file), 'utf8')),
    );
    expect(usingPool).toEqual([]);
  });

  it('every production entry point exists, so the rules below check something', () => {
    for (const entry of productionEntryPoints) expect(files).toContain(entry);
  });
});

describe('production code', () => {
  const reach = reachableFrom(productionEntryPoints, devOnlyLazyImports);
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it('loads none of our dev tooling', () => {
    const devFiles = [...reach.files].filter((file) => devRooms.some((dev) => file.startsWith(`${dev}/`)));
    expect(devFiles).toEqual([]);
    // The walk reaches deep enough to mean something.
    expect(reach.files).toContain('lib/db/client.ts');
    expect(reach.files).toContain('indexer/PMTEscrow.ts');
  });

  it('loads only production dependencies', () => {
    const missing = [...reach.packages]
      .filter(([name]) => !(name in manifest.dependencies))
      .map(([name, importer]) => `${name} (from ${importer})`);
    expect(missing).toEqual([]);
  });

  it('lists as production dependencies only what production code loads', () => {
    // tsx runs the TypeScript entry points (`npm run api`) and is loaded by npm, not by an import.
    const loadedByTooling = ['tsx'];
    const unused = Object.keys(manifest.dependencies).filter(
      (name) => !reach.packages.has(name) && !loadedByTooling.includes(name),
    );
    expect(unused).toEqual([]);
  });
});
