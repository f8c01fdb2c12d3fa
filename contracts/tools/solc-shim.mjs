// A native-`solc` stand-in for forge, backed by the `solc` npm package (solcjs).
// forge only ever asks two things of its compiler: `--version`, and a
// `--standard-json` compile with the input on stdin (sources inlined, plus
// `--allow-paths`/`--base-path`/`--include-path` for anything it did not inline).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const solc = createRequire(import.meta.url)('solc');

/** Parses the native CLI's flags that forge passes; anything else is an error, not a guess. */
export function parseArgs(argv) {
  const opts = { mode: undefined, basePath: undefined, includePaths: [], allowPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--version' || arg === '--standard-json') opts.mode = arg.slice(2);
    else if (arg === '--base-path') opts.basePath = value();
    else if (arg === '--include-path') opts.includePaths.push(value());
    else if (arg === '--allow-paths') opts.allowPaths.push(...value().split(','));
    else
      throw new Error(
        `unsupported solc argument '${arg}' (this shim serves forge's --version and --standard-json calls only)`,
      );
  }
  if (!opts.mode) throw new Error('expected --version or --standard-json');
  return opts;
}

/** The first line native solc prints for --version, with the platform replaced by ours. */
export function versionText() {
  const version = solc.version().replace(/\.Emscripten\.clang$/, '');
  return `solc, the solidity compiler commandline interface\nVersion: ${version}.Linux.g++\n`;
}

/**
 * Resolves an import forge did not inline, the way native solc does: relative to the
 * base path, then each include path; only inside the allowed folders.
 */
export function makeImportReader({ basePath = process.cwd(), includePaths, allowPaths }) {
  const roots = [basePath, ...includePaths].map((p) => resolve(p));
  const allowed = [...roots, ...allowPaths.map((p) => resolve(basePath, p))];
  const isAllowed = (file) =>
    allowed.some((dir) => {
      const rel = relative(dir, file);
      return !rel.startsWith('..') && !isAbsolute(rel);
    });
  return (path) => {
    for (const root of roots) {
      const file = resolve(root, path);
      if (!isAllowed(file)) continue;
      try {
        return { contents: readFileSync(file, 'utf8') };
      } catch {
        // not under this root; try the next one
      }
    }
    return { error: `File not found inside the allowed paths: ${path}` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.mode === 'version') {
    process.stdout.write(versionText());
    return;
  }
  const input = readFileSync(0, 'utf8');
  process.stdout.write(solc.compile(input, { import: makeImportReader(opts) }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`solc shim: ${err.message}\n`);
    process.exit(1);
  }
}
