// What is wrong with a process's settings, one line per variable: its name, what it got (never a secret's
// value) and what it needs. All of them are gathered before the process refuses to start.
import { baseVariable, type Variable, variables } from './variables.js';

const needsOf = (name: string) => variables[baseVariable(name)!].needs;

export class Problems {
  readonly lines: string[] = [];
  readonly #named = new Set<string>();

  /** `name` (a variable, or one network's `<NAME>_<NETWORK>`) is unset, and needed (`context` says when, if not always). */
  missing(name: string, context?: string): void {
    this.add(`${name}: not set${context ? ` (needed ${context})` : ''}; needs ${needsOf(name)}`);
  }

  /** `name` holds `value`, which is not what it needs (`needs`, or the variable's own description). */
  bad(name: string, value: string, needs: string = needsOf(name)): void {
    this.add(`${name}: got ${shown(name, value)}; needs ${needs}`);
  }

  /** A line starting with the variable's name and a colon: the first said of that variable is the one kept. */
  add(line: string): void {
    const name = line.slice(0, line.indexOf(':'));
    if (this.#named.has(name)) return;
    this.#named.add(name);
    this.lines.push(line);
  }
}

/** How a value appears in an error line: quoted, shortened, and never at all for a secret. */
export function shown(name: string, value: string): string {
  const variable = baseVariable(name);
  if (variable && (variables[variable] as Variable).secret) {
    return `a secret value (${value.length} characters, not shown)`;
  }
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** A process's settings are wrong: the message is a heading, then one line per problem, then what to do. */
export class SettingsError extends Error {
  constructor(
    who: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${who} cannot start: ${problems.length === 1 ? 'a setting is' : `${problems.length} settings are`} wrong.\n` +
        `${problems.map((line) => `  ${line}\n`).join('')}` +
        'Every setting is described in docs/configuration.md; check an environment with `npm run config:check`.',
    );
    this.name = 'SettingsError';
  }
}

/** What a command prints when it stops: a settings error as it is (it names the command), else what failed. */
export function stopMessage(command: string, err: unknown): string {
  if (err instanceof SettingsError) return err.message;
  return `${command} failed: ${err instanceof Error ? err.message : String(err)}`;
}
