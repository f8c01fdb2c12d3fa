// `npm run typecheck` must cover every TypeScript file in the repository: a folder left out of every
// tsconfig is code nobody type-checks (api/ once was).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';

const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** The projects the `typecheck` script checks: each `-p <folder>` in it. */
function checkedProjects(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return [...scripts.typecheck!.matchAll(/-p (\S+)/g)].map((match) => match[1]!);
}

it('checks every tracked TypeScript file in some project', () => {
  const projects = checkedProjects();
  expect(projects.length).toBeGreaterThan(0);
  const checked = new Set(
    projects.flatMap((project) =>
      execFileSync(process.execPath, [tsc, '--listFilesOnly', '-p', project], { cwd: projectRoot, encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((file) => relative(projectRoot, file)),
    ),
  );
  const tracked = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mts', '*.cts', '*.tsx'],
    { cwd: projectRoot, encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  expect(tracked.length).toBeGreaterThan(100);
  expect(tracked.filter((file) => !checked.has(file))).toEqual([]);
}, 60_000);
