// Console passwords: argon2id with OWASP's recommended cost (19 MiB, 2 passes, 1 lane), stored as PHC
// strings so the cost can be raised later without breaking the hashes already stored.
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2;
const COST = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Long enough that guessing is hopeless, short enough that hashing stays cheap (NIST 800-63B's limits). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Why `password` cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `A password needs at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `A password may have at most ${PASSWORD_MAX} characters.`;
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, COST);
}

// Verified against when no user matches, so that "no such user" takes as long as "wrong password".
let decoy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash it still spends the same time, then says no. */
export async function passwordMatches(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hashPassword('decoy password, never a real one');
    await verify(await decoy, password);
    return false;
  }
  return verify(stored, password);
}
