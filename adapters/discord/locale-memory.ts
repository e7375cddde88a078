/**
 * Interactions carry the user's Discord locale; DMs do not. Remembering the last locale seen
 * per user lets a later DM get the crisis resources of the right country. In memory only,
 * bounded, oldest forgotten first.
 */
export interface LocaleMemory {
  remember(userId: string, locale: string | undefined): void;
  recall(userId: string): string | undefined;
}

export function createLocaleMemory(limit = 10_000): LocaleMemory {
  const locales = new Map<string, string>();
  return {
    remember(userId, locale) {
      if (!locale) return;
      // Re-inserting moves the user to the newest end of the Map's insertion order.
      locales.delete(userId);
      locales.set(userId, locale);
      if (locales.size > limit) {
        const oldest = locales.keys().next().value;
        if (oldest !== undefined) locales.delete(oldest);
      }
    },
    recall(userId) {
      return locales.get(userId);
    },
  };
}
