import type { Turn } from '../practices/turn.js';
import { findCountry } from './crisis.js';
import type { Reply } from './types.js';

/** "country GB" or `/tend country GB`: which country's crisis lines this person is shown. */
export function chooseCountry(turn: Turn, typed: string): Reply {
  const crisis = turn.content.crisis;
  const code = findCountry(crisis, typed);
  if (!code) {
    return {
      kind: 'info',
      text: `I don't have lines for that country yet. I know: ${Object.keys(crisis.countries).join(', ')}. Anywhere else, findahelpline.com lists crisis lines worldwide.`,
    };
  }
  turn.store.setCountry(turn.userKey, code);
  const country = crisis.countries[code];
  const first = country?.resources.find((r) => r.kind === 'crisis') ?? country?.resources[0];
  return {
    kind: 'info',
    text: `Got it: I'll show lines for ${country?.name ?? code}.${first ? ` ${first.how} (${first.name}).` : ''}`,
  };
}
