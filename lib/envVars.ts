// Passing this process's environment on to a child process.

/** This process's environment for a child process, without `omit` (and without unset entries). */
export function inheritedEnv(...omit: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !omit.includes(entry[0]),
    ),
  );
}
