import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM without type declarations; forge runs it as an executable
import { makeImportReader, parseArgs, versionText } from './solc-shim.mjs';

const shim = join(import.meta.dirname, 'solc');

function solc(args: string[], input?: string): string {
  return execFileSync(shim, args, { input, encoding: 'utf8' });
}

describe('solc shim', () => {
  it('answers --version the way native solc does, with the pinned version', () => {
    expect(versionText()).toMatch(
      /^solc, the solidity compiler commandline interface\nVersion: 0\.8\.30\+commit\.[0-9a-f]{8}\.Linux\.g\+\+\n$/,
    );
    expect(solc(['--version'])).toBe(versionText());
  });

  it('compiles standard JSON from stdin, resolving imports forge did not inline', () => {
    const root = mkdtempSync(join(tmpdir(), 'solc-shim-'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(
      join(root, 'lib/Answer.sol'),
      'pragma solidity ^0.8.0; library Answer { function get() internal pure returns (uint256) { return 42; } }',
    );
    const input = {
      language: 'Solidity',
      sources: {
        'Main.sol': {
          content:
            '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0; import "lib/Answer.sol"; contract Main { function f() external pure returns (uint256) { return Answer.get(); } }',
        },
      },
      settings: { outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
    };
    const output = JSON.parse(
      solc(['--standard-json', '--base-path', root, '--allow-paths', root], JSON.stringify(input)),
    );
    expect(output.errors?.filter((e: { severity: string }) => e.severity === 'error') ?? []).toEqual([]);
    expect(output.contracts['Main.sol'].Main.evm.bytecode.object).toMatch(/^[0-9a-f]{100,}$/);
  });

  it('reports compile errors in the output, as native solc does', () => {
    const input = {
      language: 'Solidity',
      sources: { 'Bad.sol': { content: 'contract {' } },
      settings: { outputSelection: {} },
    };
    const output = JSON.parse(solc(['--standard-json'], JSON.stringify(input)));
    expect(output.errors[0].severity).toBe('error');
  });

  it('refuses to read files outside the allowed paths', () => {
    const root = mkdtempSync(join(tmpdir(), 'solc-shim-'));
    const read = makeImportReader({ basePath: root, includePaths: [], allowPaths: [] });
    expect(read('../../../etc/passwd')).toEqual({
      error: expect.stringContaining('not found inside the allowed paths'),
    });
  });

  it('rejects flags it does not serve instead of guessing', () => {
    expect(() => parseArgs(['--bin', 'x.sol'])).toThrow(/unsupported solc argument '--bin'/);
    expect(() => parseArgs([])).toThrow(/expected --version or --standard-json/);
    expect(() => parseArgs(['--base-path'])).toThrow(/needs a value/);
    expect(
      parseArgs(['--standard-json', '--include-path', 'a', '--include-path', 'b', '--allow-paths', 'x,y']),
    ).toEqual({
      mode: 'standard-json',
      basePath: undefined,
      includePaths: ['a', 'b'],
      allowPaths: ['x', 'y'],
    });
  });
});
