// A copy of this working tree in a fresh folder only its owner may enter (mkdtemp makes it 0700), as a
// clone in root's home folder or in `mktemp -d` is: what "a fresh machine" means for tests of the
// README's commands. node_modules is hard-linked rather than copied (same files, no second 600 MB), so
// paths inside it really lie under the private folder; or left out, for a test that installs its own.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../lib/projectRoot.js';

export interface PrivateCheckout {
  /** The copy's project root, inside the private folder. */
  root: string;
  remove(): void;
}

export function privateCheckout({ nodeModules = true }: { nodeModules?: boolean } = {}): PrivateCheckout {
  const folder = mkdtempSync(join(tmpdir(), 'pmt-private-'));
  if ((statSync(folder).mode & 0o077) !== 0)
    throw new Error(`${folder} is not private (mode ${statSync(folder).mode.toString(8)})`);
  const root = join(folder, 'pmt-gateway');
  // Tracked and new files, as a commit of this tree would hold them; nothing ignored (.dev, build output).
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  for (const file of files.split('\0').filter(Boolean)) {
    if (existsSync(join(projectRoot, file)))
      cpSync(join(projectRoot, file), join(root, file), { verbatimSymlinks: true });
  }
  if (nodeModules) execFileSync('cp', ['-al', join(projectRoot, 'node_modules'), join(root, 'node_modules')]);
  return { root, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
