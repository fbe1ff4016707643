import { LRUCache } from 'lru-cache';

/** Entries kept per cache: past this, the least recently used go first. */
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Per-instance memo of loads, on `lru-cache` (bounded by `max`, entries expire after `ttlMs`). The
 * promise is cached, so concurrent callers share one load; a failed load is forgotten. `ttlMs` 0 caches
 * nothing (lru-cache reads a ttl of 0 as "never expires").
 */
export class TtlCache<T> {
  private readonly entries: LRUCache<string, Promise<T>> | undefined;

  constructor(ttlMs: number, max = DEFAULT_MAX_ENTRIES) {
    this.entries = ttlMs > 0 ? new LRUCache({ max, ttl: ttlMs }) : undefined;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    return this.entries?.get(key) ?? this.refresh(key, load);
  }

  /** Loads now, whatever is cached, and caches the result. */
  refresh(key: string, load: () => Promise<T>): Promise<T> {
    const value = load();
    const entries = this.entries;
    if (entries) {
      entries.set(key, value);
      value.catch(() => {
        if (entries.get(key) === value) entries.delete(key);
      });
    }
    return value;
  }
}
