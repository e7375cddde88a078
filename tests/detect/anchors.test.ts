import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMarkedExample } from '../../src/content/check.js';
import { AnchorIndex, requirementOf, satisfied } from '../../src/detect/anchors.js';
import { normalize } from '../../src/detect/normalize.js';
import { splitSentences } from '../../src/detect/sentences.js';
import { testContent } from '../helpers/engine.js';

describe('pattern anchors (the prefilter)', () => {
  it('reads the literal text a pattern cannot match without', () => {
    expect(requirementOf("\\bi'm (?:so |really )?(?:stupid|dumb)\\b")).toEqual([
      ["i'm "],
      ['stupid', 'dumb'],
    ]);
    expect(requirementOf('\\b(?:hate|loathe) (?:myself|me)\\b')).toEqual([
      ['hate', 'loathe'],
      ['myself', 'me'],
    ]);
    // Optional parts and classes guarantee nothing.
    expect(requirementOf('\\bk ?m ?s\\b')).toEqual([]);
    expect(requirementOf('(?:a|\\w+)x')).toEqual([]);
  });

  it('never rules out a pattern on a sentence it matches (every pattern, corpus and examples)', async () => {
    const content = await testContent();
    const corpus = readFileSync('tests/corpus/corpus.tsv', 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('\t')[2] ?? '');
    const examples = content.rules.flatMap((r) => [
      ...r.source.examples.match.map((m) => parseMarkedExample(m).text),
      ...r.source.examples.no_match,
    ]);
    const sentences = [...corpus, ...examples].flatMap((t) =>
      splitSentences(normalize(t).text).map((s) => s.text),
    );
    const index = new AnchorIndex();
    const patterns = content.rules.flatMap((r) =>
      r.patterns.map((p) => ({ p, need: index.add(requirementOf(p.source)) })),
    );
    let matches = 0;
    for (const sentence of sentences) {
      const found = index.scan(sentence);
      for (const { p, need } of patterns) {
        if (!p.test(sentence)) continue;
        matches += 1;
        expect(satisfied(need, found), `${p.source.slice(0, 80)} on "${sentence}"`).toBe(true);
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });
});
