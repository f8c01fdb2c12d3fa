// Reading a process's settings from environment variables with zod: every missing or malformed variable
// is named in one error, and a variable set to nothing counts as unset (never as 0 or "").
import { isAddress } from 'viem';
import { z } from 'zod';
import { type NetworkName, networkNames } from './networks.js';

export const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

export const wholeNumber = z.string().regex(/^\d+$/, 'a whole number').transform(Number);

export const addressVar = z
  .string()
  .refine((value) => isAddress(value), 'a 0x-prefixed 20-byte address with a valid checksum');

export const networkVar = z.enum(networkNames as [NetworkName, ...NetworkName[]]).default('anvil');

/** `FINALITY_DEPTH`: final at this many blocks under the indexer's head, instead of the preset's rule. */
export const finalityDepthVar = wholeNumber.optional();

export const databaseUrlVar = z.string().startsWith('postgres', 'a postgres:// or postgresql:// connection string');

export const schemaNameVar = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,44}$/, 'a lower-case PostgreSQL identifier of at most 45 characters');

/** `schema` with every field made to read an empty variable as unset. */
export function envObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(
    Object.fromEntries(
      Object.entries(shape).map(([name, type]) => [name, z.preprocess(unsetIfEmpty, type)]),
    ) as unknown as Shape,
  );
}

/** Parses `env`, or throws one error naming each bad variable, then `hint` (what to do about it). */
export function parseEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv, who: string, hint: string): T {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `  ${name}: ${unsetIfEmpty(env[name]) === undefined ? 'not set' : issue.message}`;
  });
  throw new Error(`${who}'s environment is incomplete or invalid:\n${problems.join('\n')}\n${hint}`);
}

/** This process's environment for a child process, without `omit` (and without unset entries). */
export function inheritedEnv(...omit: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !omit.includes(entry[0]),
    ),
  );
}
