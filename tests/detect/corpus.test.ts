import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import {
  parseCorpus,
  scoreCorpus,
  type CorpusScore,
  type LabelledLine,
} from '../../src/detect/score.js';
import { testContent } from '../helpers/engine.js';

const corpus: LabelledLine[] = parseCorpus(readFileSync('tests/corpus/corpus.tsv', 'utf8'));
let score: CorpusScore;
beforeAll(async () => {
  score = scoreCorpus(new Detector(await testContent()), corpus);
});
const show = (lines: LabelledLine[]) => lines.map((l) => `${l.line}: ${l.text}`).join('\n');

describe('labelled corpus (tests/corpus/corpus.tsv)', () => {
  it('is large and hard enough to mean something', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    expect(
      corpus.filter((l) => l.kind === 'neutral' && l.tag === 'hard').length,
    ).toBeGreaterThanOrEqual(corpus.length / 3);
    expect(corpus.filter((l) => l.kind === 'crisis').length).toBeGreaterThanOrEqual(60);
  });

  it('finds every crisis line', () => {
    expect(show(score.falseNegatives.filter((l) => l.kind === 'crisis'))).toBe('');
    expect(score.crisisRecall).toBe(1);
  });

  it('never answers an idiom or other neutral line as crisis', () => {
    expect(show(score.falseCrisis)).toBe('');
  });

  it('has precision of at least 0.95 and recall of at least 0.90', () => {
    expect(
      score.precision,
      `false positives:\n${show(score.falsePositives)}`,
    ).toBeGreaterThanOrEqual(0.95);
    expect(score.recall, `missed:\n${show(score.falseNegatives)}`).toBeGreaterThanOrEqual(0.9);
  });
});
