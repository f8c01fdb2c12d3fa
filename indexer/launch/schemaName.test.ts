import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/projectRoot.js';
import { type IndexedDeployment, indexerBuildHash, indexerSchemaName, indexerSourceFiles } from './schemaName.js';

describe('indexerSourceFiles', () => {
  it('follows imports from the Ponder entry points into indexer/, lib/ and abis/', async () => {
    const files = await indexerSourceFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'ponder.config.ts',
        'ponder.schema.ts',
        'src/index.ts',
        'indexer/PMTEscrow.ts',
        'indexer/ledger.ts',
        'abis/pmtEscrow.ts',
        'lib/intent.ts',
      ]),
    );
    expect(files).not.toContain('lib/merchants/create.ts');
    // The HTTP routes only read the tables: editing them must not force a re-index.
    expect(files).not.toContain('src/api/index.ts');
    expect(files.some((file) => file.includes('node_modules'))).toBe(false);
  });
});

describe('indexerBuildHash', () => {
  let copy: string | undefined;
  afterEach(() => copy && rmSync(copy, { recursive: true, force: true }));

  /** A copy of the project's indexer sources, to edit without touching the real tree. */
  function projectCopy(): string {
    copy = mkdtempSync(join(tmpdir(), 'pmt-build-'));
    for (const entry of ['ponder.config.ts', 'ponder.schema.ts', 'src', 'indexer', 'lib', 'abis']) {
      cpSync(join(projectRoot, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(projectRoot, 'node_modules'), join(copy, 'node_modules'));
    return copy;
  }

  /** Whether editing a copy of the project with `edit` changes its build hash. */
  async function hashChangesWhen(edit: (root: string) => void): Promise<boolean> {
    const root = projectCopy();
    const before = await indexerBuildHash(root);
    edit(root);
    return (await indexerBuildHash(root)) !== before;
  }
  /** Edits a file that exists: appending to a missing one would create it and prove nothing. */
  const appendComment = (file: string) => {
    if (!existsSync(file)) throw new Error(`${file} does not exist in the copy`);
    appendFileSync(file, '\n// an edit\n');
  };

  it('changes when a handler outside src/ changes, which Ponder’s own build id would miss', async () => {
    expect(await hashChangesWhen((root) => appendComment(join(root, 'indexer', 'ledger.ts')))).toBe(true);
  });

  it('changes when a lib module the config imports changes', async () => {
    expect(await hashChangesWhen((root) => appendComment(join(root, 'lib', 'networks.ts')))).toBe(true);
  });

  it('changes when an indexing file is added under src/', async () => {
    expect(
      await hashChangesWhen((root) => writeFileSync(join(root, 'src', 'more.ts'), "import '../indexer/ledger.js';\n")),
    ).toBe(true);
  });

  it('ignores files the indexer does not import, and the read-only HTTP routes', async () => {
    const unrelatedEdits = (root: string) => {
      appendComment(join(root, 'lib', 'merchants', 'create.ts'));
      appendComment(join(root, 'src', 'api', 'index.ts'));
      writeFileSync(join(root, 'NOTES.md'), 'notes');
    };
    expect(await hashChangesWhen(unrelatedEdits)).toBe(false);
  });
});

describe('indexerSchemaName', () => {
  const deployment = {
    chainId: 31337,
    escrowAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    startBlock: 1,
    startBlockHash: `0x${'ab'.repeat(32)}`,
  } as const satisfies IndexedDeployment;

  it('is a short, stable PostgreSQL identifier', () => {
    const name = indexerSchemaName('build', deployment);
    expect(name).toMatch(/^pmt_[0-9a-f]{16}$/);
    expect(
      indexerSchemaName('build', { ...deployment, escrowAddress: '0x5fbdb2315678afecb367f032d93f642f64180aa3' }),
    ).toBe(name);
  });

  it('differs per build and per deployment, including a new chain that reuses the same numbers', () => {
    const name = indexerSchemaName('build', deployment);
    expect(indexerSchemaName('other build', deployment)).not.toBe(name);
    expect(indexerSchemaName('build', { ...deployment, startBlock: 2 })).not.toBe(name);
    expect(indexerSchemaName('build', { ...deployment, startBlockHash: `0x${'cd'.repeat(32)}` })).not.toBe(name);
  });
});
