import type { CrisisFile, CrisisResource, ConversationFile } from '../content/schema.js';
import { pick } from './random.js';
import type { Reply } from './types.js';

/** Picks the country for crisis resources: the person's choice, then their locale, then the default. */
export function crisisCountry(
  crisis: CrisisFile,
  options: { chosen?: string; locale?: string; configuredDefault?: string },
): string {
  if (options.chosen && crisis.countries[options.chosen]) return options.chosen;
  const locale = options.locale?.toLowerCase();
  if (locale) {
    for (const [code, country] of Object.entries(crisis.countries)) {
      if (country.locales.includes(locale)) return code;
    }
  }
  if (options.configuredDefault && crisis.countries[options.configuredDefault]) {
    return options.configuredDefault;
  }
  return crisis.default_country;
}

/** Accepts what people type for a country: "GB", "uk", "united kingdom". */
export function findCountry(crisis: CrisisFile, typed: string): string | undefined {
  const wanted = typed.trim().toUpperCase();
  const alias = wanted === 'UK' ? 'GB' : wanted;
  if (crisis.countries[alias]) return alias;
  return Object.entries(crisis.countries).find(([, c]) => c.name.toUpperCase() === wanted)?.[0];
}

function line(resource: CrisisResource): string {
  return `${resource.how} (${resource.name})`;
}

/**
 * The crisis reply: no reframe, no buttons. Its first line is one clear way to reach a person
 * now; then a warm word, other options, and a way to choose another country.
 */
export function crisisReply(
  crisis: CrisisFile,
  words: ConversationFile['crisis'],
  options: { country: string; abuse: boolean; random: number },
): Reply {
  const country = crisis.countries[options.country] ?? crisis.countries[crisis.default_country];
  const resources = country?.resources ?? [];
  const preferredKind = options.abuse ? 'abuse' : 'crisis';
  const first =
    resources.find((r) => r.kind === preferredKind) ??
    resources.find((r) => r.kind === 'crisis') ??
    resources[0] ??
    crisis.international[0];
  const others = resources.filter((r) => r !== first);
  if (options.abuse) {
    const crisisLine = resources.find((r) => r.kind === 'crisis');
    if (crisisLine && !others.includes(crisisLine) && crisisLine !== first) others.push(crisisLine);
  }
  const otherCountries = Object.keys(crisis.countries)
    .filter((c) => c !== options.country)
    .join(', ');
  const lines = [
    `${first ? line(first) : ''}`.trim(),
    pick(options.abuse ? words.abuse_opening : words.opening, options.random),
    '',
    ...others.map((r) => `• ${line(r)}`),
    ...crisis.international.map((r) => `• ${line(r)}`),
    `• In another country? Reply "country" and its code (${otherCountries}).`,
    '',
    pick(words.closing, options.random),
  ];
  return { kind: 'crisis', text: lines.join('\n') };
}
