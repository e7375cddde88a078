/** A slice of normalised text that patterns run on, with its offset in that text. */
export interface Sentence {
  text: string;
  start: number;
}

/** Long runs without punctuation are cut into windows this long, overlapping so no phrase is split. */
export const SENTENCE_WINDOW = 400;
const OVERLAP = 80;

/**
 * Splits normalised text into sentences on . ! ? ; … and newlines. Patterns see one sentence at a
 * time, so a harsh sentence anywhere in a message counts and no pattern spans two sentences.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /[.!?;…\n]+/g;
  let start = 0;
  const push = (end: number) => {
    let from = start;
    while (from < end && text[from] === ' ') from += 1;
    let to = end;
    while (to > from && text[to - 1] === ' ') to -= 1;
    for (let at = from; at < to; at += SENTENCE_WINDOW - OVERLAP) {
      sentences.push({ text: text.slice(at, Math.min(to, at + SENTENCE_WINDOW)), start: at });
      if (at + SENTENCE_WINDOW >= to) break;
    }
  };
  for (const match of text.matchAll(boundary)) {
    push(match.index);
    start = match.index + match[0].length;
  }
  push(text.length);
  return sentences;
}
