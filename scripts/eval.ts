/**
 * `npm run eval`: the detector's figures on our own corpus (tests/corpus/corpus.tsv) and, when
 * the workplace's shared data is beside the repo, recall per thinking trap on the public thoughts
 * in ../shared/eval/sharma2023 (read in place, never copied).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../src/content/load.js';
import { Detector } from '../src/detect/detector.js';
import { parseCorpus, scoreCorpus } from '../src/detect/score.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const SHARED =
  process.env.TEND_SHARED_EVAL ?? resolve(ROOT, '../shared/eval/sharma2023/thinking_traps.jsonl');
const verbose = process.argv.includes('--verbose');

const content = await loadContent();
const detector = new Detector(content);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const corpus = parseCorpus(readFileSync(join(ROOT, 'tests/corpus/corpus.tsv'), 'utf8'));
const score = scoreCorpus(detector, corpus);
const hard = corpus.filter((l) => l.kind === 'neutral' && l.tag === 'hard').length;
console.log(
  `Own corpus (tests/corpus/corpus.tsv): ${score.total} lines, ${hard} hard negatives, ${score.crisisTotal} crisis`,
);
console.log(
  `  precision ${score.precision.toFixed(3)}  recall ${score.recall.toFixed(3)}  crisis recall ${score.crisisRecall.toFixed(3)} (${score.crisisCaught}/${score.crisisTotal})`,
);
console.log(
  `  neutral lines answered as crisis: ${score.falseCrisis.length}; harsh lines given the labelled category: ${pct(score.categoryAccuracy)}`,
);
if (verbose) {
  for (const l of score.falsePositives) console.log(`  FP ${l.line}: ${l.text}`);
  for (const l of score.falseNegatives)
    console.log(`  FN ${l.line} (${l.kind} ${l.tag}): ${l.text}`);
  for (const l of score.falseCrisis) console.log(`  FALSE CRISIS ${l.line}: ${l.text}`);
}

if (existsSync(SHARED)) {
  // One text can carry several trap labels; score each distinct text once per label.
  const byLabel = new Map<string, { texts: Set<string>; flagged: number }>();
  const seen = new Map<string, string>();
  for (const raw of readFileSync(SHARED, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const row = JSON.parse(raw) as { prompt: string; completion: string };
    const text = row.prompt.replace(/\s*->\s*$/, '');
    const label = normalizeLabel(row.completion.trim());
    const entry = byLabel.get(label) ?? { texts: new Set<string>(), flagged: 0 };
    if (entry.texts.has(text)) continue;
    entry.texts.add(text);
    const kind = seen.get(text) ?? detector.analyze(text).kind;
    seen.set(text, kind);
    if (kind !== 'neutral') entry.flagged += 1;
    byLabel.set(label, entry);
  }
  console.log(
    `\nShared public thoughts (sharma2023, ${seen.size} distinct texts): share flagged as harsh or crisis, per source label`,
  );
  const rows = [...byLabel.entries()].sort((a, b) => b[1].texts.size - a[1].texts.size);
  let distortedTexts = 0;
  let distortedFlagged = 0;
  for (const [label, { texts, flagged }] of rows) {
    console.log(
      `  ${label.padEnd(28)} ${String(flagged).padStart(4)}/${String(texts.size).padEnd(4)} ${pct(flagged / texts.size)}`,
    );
    if (label !== 'Not distorted') {
      distortedTexts += texts.size;
      distortedFlagged += flagged;
    }
  }
  console.log(
    `  ${'all distorted labels'.padEnd(28)} ${String(distortedFlagged).padStart(4)}/${String(distortedTexts).padEnd(4)} ${pct(distortedFlagged / distortedTexts)}`,
  );
  const crisisTexts = [...seen.values()].filter((k) => k === 'crisis').length;
  console.log(`  texts answered as crisis: ${crisisTexts}`);
} else {
  console.log(`\n(shared evaluation data not found at ${SHARED}; skipped)`);
}

function normalizeLabel(label: string): string {
  const map: Record<string, string> = {
    Overgeneralization: 'Overgeneralizing',
    Personalization: 'Personalizing',
    'Disqualifying the Positive': 'Disqualifying the positive',
    'Comparing and Despairing': 'Comparing and despairing',
    Comparing: 'Comparing and despairing',
  };
  return map[label] ?? label;
}
