import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/detect/normalize.js';

describe('normalize', () => {
  it('lowercases and straightens curly apostrophes', () => {
    expect(normalize('I’M SO Stupid').text).toBe("i'm so stupid");
  });

  it('restores apostrophes people leave out', () => {
    expect(normalize('im such an idiot, dont even').text).toBe("i'm such an idiot, don't even");
    expect(normalize('ive never been enough').text).toBe("i've never been enough");
    expect(normalize('ima failure fr').text).toBe("i'm a failure fr");
  });

  it('does not touch ordinary words that look like contractions', () => {
    expect(normalize('I will, I id, its ill').text).toBe('i will, i id, its ill');
  });

  it('folds stretched letters to one and keeps real double letters', () => {
    expect(normalize('sooo stupiddddd, so sorry, loooove').text).toBe('so stupid, so sorry, love');
  });

  it('turns emoji and symbols into single spaces', () => {
    expect(normalize('i’m 😭😭 so   dumb 🙃').text).toBe("i'm so dumb");
  });

  it('maps every normalised character back to the original text', () => {
    const original = 'Ugh 😭 IM sooo STUPID';
    const { text, originalIndex } = normalize(original);
    const start = text.indexOf('stupid');
    const from = originalIndex[start] ?? -1;
    const to = (originalIndex[start + 'stupid'.length - 1] ?? -1) + 1;
    expect(original.slice(from, to)).toBe('STUPID');
    expect(original.slice(originalIndex[text.indexOf("i'm")])).toMatch(/^IM/);
  });
});
