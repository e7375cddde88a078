/** A number in [0, 1) from a seed string, so reply choices are varied yet reproducible in tests. */
export function seededRandom(seed: string): number {
  // FNV-1a, then a xorshift step to spread the bits.
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i += 1) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  hash ^= hash << 13;
  hash ^= hash >>> 17;
  hash ^= hash << 5;
  return (hash >>> 0) / 4294967296;
}

export function pick<T>(items: readonly T[], random: number): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.min(items.length - 1, Math.floor(random * items.length))] as T;
}
