/**
 * Turns chat text into the form rule patterns are written for, keeping a map back to the
 * original so a hit can point at what the person actually typed.
 *
 * - lowercase; curly quotes become straight ones;
 * - common contractions typed without an apostrophe are restored (im → i'm, dont → don't);
 * - a letter repeated three or more times becomes one (sooo → so);
 * - laughing emoji (😂 🤣 💀 😆 😹) become the word "lol", so content can tell a joke from
 *   self-criticism ("I'm so weak 😂");
 * - anything else that is not a letter, digit, apostrophe, comma or sentence punctuation becomes
 *   a space (other emoji included), and runs of spaces collapse to one.
 */

export interface NormalizedText {
  text: string;
  /** originalIndex[i] is the index in the original text of normalised character i. */
  originalIndex: number[];
}

const CURLY = new Map([
  ['\u2019', "'"],
  ['\u2018', "'"],
  ['\u02bc', "'"],
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['`', "'"],
]);

/** Contractions people type without the apostrophe and that are not ordinary words. */
const CONTRACTIONS: Record<string, string> = {
  im: "i'm",
  ive: "i've",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  didnt: "didn't",
  doesnt: "doesn't",
  isnt: "isn't",
  wasnt: "wasn't",
  arent: "aren't",
  werent: "weren't",
  couldnt: "couldn't",
  shouldnt: "shouldn't",
  wouldnt: "wouldn't",
  havent: "haven't",
  hasnt: "hasn't",
  hadnt: "hadn't",
  youre: "you're",
  theyre: "they're",
  thats: "that's",
  whats: "what's",
  // Chat slang for "I'm a" ("ima failure"); "ima go" for "I'm going to" reads harmlessly too.
  ima: "i'm a",
};

/** Emoji people use for laughing; they carry meaning ("just joking"), so they become a word. */
const LAUGHING = new Set(['\u{1F602}', '\u{1F923}', '\u{1F480}', '\u{1F606}', '\u{1F639}']);

const KEEP = /[\p{L}\p{N}',.!?;…:"\-\n]/u;

export function normalize(original: string): NormalizedText {
  const chars: string[] = [];
  const originalIndex: number[] = [];
  let runLetter = '';
  let runLength = 0;
  let index = 0;
  for (const symbol of original) {
    const at = index;
    index += symbol.length;
    let lowered = CURLY.get(symbol) ?? symbol.toLowerCase();
    if (LAUGHING.has(symbol)) lowered = ' lol ';
    else if (!KEEP.test(lowered)) lowered = ' ';
    for (const unit of Array.from(lowered)) {
      if (unit === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) continue;
      runLength = unit === runLetter ? runLength + 1 : 1;
      runLetter = unit;
      if (runLength >= 3 && /\p{L}/u.test(unit)) {
        // A stretched letter ("sooo"): the third one folds the pair already kept into one.
        if (runLength === 3) {
          chars.pop();
          originalIndex.pop();
        }
        continue;
      }
      chars.push(unit);
      originalIndex.push(at);
    }
  }
  while (chars.length > 0 && chars[chars.length - 1] === ' ') {
    chars.pop();
    originalIndex.pop();
  }
  return restoreContractions({ text: chars.join(''), originalIndex });
}

const BARE_CONTRACTION = new RegExp(`\\b(${Object.keys(CONTRACTIONS).join('|')})\\b`, 'g');

function restoreContractions(input: NormalizedText): NormalizedText {
  let text = '';
  const originalIndex: number[] = [];
  let last = 0;
  for (const match of input.text.matchAll(BARE_CONTRACTION)) {
    const start = match.index;
    const word = match[1] ?? '';
    const full = CONTRACTIONS[word] ?? word;
    text += input.text.slice(last, start);
    originalIndex.push(...input.originalIndex.slice(last, start));
    // The apostrophe is new: map it to the original letter before which it was inserted.
    const wordIndexes = input.originalIndex.slice(start, start + word.length);
    let w = 0;
    for (const c of full) {
      if (c === "'" && full.length > word.length) {
        originalIndex.push(wordIndexes[w] ?? wordIndexes[wordIndexes.length - 1] ?? 0);
      } else {
        originalIndex.push(wordIndexes[w] ?? 0);
        w += 1;
      }
      text += c;
    }
    last = start + word.length;
  }
  text += input.text.slice(last);
  originalIndex.push(...input.originalIndex.slice(last));
  return { text, originalIndex };
}
