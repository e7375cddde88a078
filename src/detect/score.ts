import type { Detector, MessageKind } from './detector.js';

/** One labelled line: what the detector should say about `text`. */
export interface LabelledLine {
  kind: MessageKind;
  /** For harsh/crisis: the expected category. For neutral: "hard" (a hard negative) or "plain". */
  tag: string;
  text: string;
  line: number;
}

/** Reads the corpus format: `kind<TAB>tag<TAB>text`, # comments and blank lines ignored. */
export function parseCorpus(source: string): LabelledLine[] {
  const lines: LabelledLine[] = [];
  source.split('\n').forEach((raw, index) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const [kind, tag, ...rest] = raw.split('\t');
    if (kind !== 'crisis' && kind !== 'harsh' && kind !== 'neutral') {
      throw new Error(
        `corpus line ${index + 1}: kind must be crisis, harsh or neutral, got ${JSON.stringify(kind)}`,
      );
    }
    lines.push({ kind, tag: tag ?? '', text: rest.join('\t'), line: index + 1 });
  });
  return lines;
}

export interface CorpusScore {
  total: number;
  /** Flagged = harsh or crisis. Precision and recall of "flagged" against the labels. */
  precision: number;
  recall: number;
  crisisRecall: number;
  /** Crisis lines answered as crisis / all crisis lines. */
  crisisCaught: number;
  crisisTotal: number;
  /** Neutral lines (hard negatives included) answered as crisis. */
  falseCrisis: LabelledLine[];
  falsePositives: LabelledLine[];
  falseNegatives: LabelledLine[];
  /** Harsh lines flagged with the expected category among those found. */
  categoryAccuracy: number;
}

export function scoreCorpus(detector: Detector, lines: LabelledLine[]): CorpusScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let crisisCaught = 0;
  let crisisTotal = 0;
  let categoryRight = 0;
  let harshFlagged = 0;
  const falseCrisis: LabelledLine[] = [];
  const falsePositives: LabelledLine[] = [];
  const falseNegatives: LabelledLine[] = [];
  for (const line of lines) {
    const analysis = detector.analyze(line.text);
    const flagged = analysis.kind !== 'neutral';
    const shouldFlag = line.kind !== 'neutral';
    if (flagged && shouldFlag) tp += 1;
    if (flagged && !shouldFlag) {
      fp += 1;
      falsePositives.push(line);
    }
    if (!flagged && shouldFlag) {
      fn += 1;
      falseNegatives.push(line);
    }
    if (line.kind === 'crisis') {
      crisisTotal += 1;
      if (analysis.kind === 'crisis') crisisCaught += 1;
    }
    if (line.kind !== 'crisis' && analysis.kind === 'crisis') falseCrisis.push(line);
    if (line.kind === 'harsh' && flagged) {
      harshFlagged += 1;
      if (analysis.hits.some((h) => h.categoryId === line.tag)) categoryRight += 1;
    }
  }
  return {
    total: lines.length,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    crisisRecall: crisisTotal === 0 ? 1 : crisisCaught / crisisTotal,
    crisisCaught,
    crisisTotal,
    falseCrisis,
    falsePositives,
    falseNegatives,
    categoryAccuracy: harshFlagged === 0 ? 1 : categoryRight / harshFlagged,
  };
}
