// Paths of the native foundry binaries that the @foundry-rs npm packages ship, so processes can be
// spawned (and killed) directly instead of through their Node wrappers.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const archNames: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

export function foundryBinary(tool: 'anvil' | 'forge'): string {
  const arch = archNames[process.arch];
  if (!arch) throw new Error(`@foundry-rs/${tool} ships no binary for ${process.platform}-${process.arch}`);
  const pkg = `@foundry-rs/${tool}-${process.platform}-${arch}`;
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', tool);
  } catch {
    throw new Error(`${pkg} is not installed: run \`npm ci\` (it is an optional dependency of @foundry-rs/${tool})`);
  }
}
