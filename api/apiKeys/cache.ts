// Recently verified API keys, so that most requests cost one database round trip instead of two. An entry
// lives `ttlMs` (API_KEY_CACHE_MS, 1 s by default): a key revoked or rolled through this process stops at
// once here, and within that time on the other replicas (as does a merchant's suspension). Unknown keys are never cached, so guessing
// cannot fill the memory.
import type { KeyPermissions } from '../../lib/db/schema/index.js';

export interface VerifiedKey {
  id: string;
  merchantId: string;
  mode: 'test' | 'live';
  permissions: KeyPermissions | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  /** The operator suspended the key's merchant: every key of it is refused. */
  merchantSuspendedAt: Date | null;
}

/** Enough for every key in use on a busy gateway; past it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

export class ApiKeyCache {
  readonly #entries = new Map<string, { key: VerifiedKey; until: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): VerifiedKey | undefined {
    const entry = this.#entries.get(hash);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.key;
    this.#entries.delete(hash);
    return undefined;
  }

  set(hash: string, key: VerifiedKey) {
    if (this.ttlMs <= 0) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(hash, { key, until: this.now() + this.ttlMs });
  }

  /** Drops a key changed through this process (revoked, rolled), whatever its hash. */
  forget(keyId: string) {
    for (const [hash, entry] of this.#entries) if (entry.key.id === keyId) this.#entries.delete(hash);
  }
}
