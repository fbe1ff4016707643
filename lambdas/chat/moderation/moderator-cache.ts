import { compileModerator, type ModerationSettings, type Moderator } from './moderator';

interface CachedModerator {
  settings: ModerationSettings;
  readonly moderator: Moderator;
}

export interface ModeratorCache {
  /** The compiled moderator for these settings, compiling only when their version (or content) is new. */
  get(settings: ModerationSettings): Moderator;
  readonly size: number;
}

const DEFAULT_CAPACITY = 256;

function sameSettings(a: ModerationSettings, b: ModerationSettings): boolean {
  if (a === b) return true;
  if (a.version !== b.version || a.maskContacts !== b.maskContacts) return false;
  if (a.blockedTerms === b.blockedTerms) return true;
  return a.blockedTerms.length === b.blockedTerms.length && a.blockedTerms.every((term, i) => term === b.blockedTerms[i]);
}

/**
 * Least-recently-used cache of compiled moderators keyed by settings version.
 * A hit is still checked against the settings' content, so two rooms that
 * happen to share a version string cost a recompile, never a wrong decision.
 */
export function createModeratorCache(capacity = DEFAULT_CAPACITY): ModeratorCache {
  const entries = new Map<string, CachedModerator>();
  return {
    get size() {
      return entries.size;
    },
    get(settings) {
      const cached = entries.get(settings.version);
      if (cached !== undefined && sameSettings(cached.settings, settings)) {
        // Keep the latest object so the next lookup of reloaded settings takes the identity fast path.
        cached.settings = settings;
        entries.delete(settings.version);
        entries.set(settings.version, cached);
        return cached.moderator;
      }
      const moderator = compileModerator(settings);
      entries.delete(settings.version);
      entries.set(settings.version, { settings, moderator });
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return moderator;
    },
  };
}

const shared = createModeratorCache();

/** The module-wide cache, shared by every invocation a Lambda instance serves. */
export function getModerator(settings: ModerationSettings): Moderator {
  return shared.get(settings);
}
