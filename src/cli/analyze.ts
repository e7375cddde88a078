import { createInterface } from 'node:readline';
import { loadContent } from '../content/load.js';
import { Detector } from '../detect/detector.js';
import { loadConfig } from '../config.js';

/**
 * `tend analyze`: the stable contract for evaluation tools. One JSON object per input line,
 * exactly {"text", "kind", "rules", "categories"}, and nothing else on stdout.
 */
export async function analyzeCommand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  const config = loadConfig();
  const detector = new Detector(await loadContent(config.contentDir));
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const analysis = detector.analyze(line);
    const rules = [...new Set(analysis.hits.map((h) => h.ruleId))];
    const categories = [...new Set(analysis.hits.map((h) => h.categoryId))];
    const ok = output.write(
      `${JSON.stringify({ text: line, kind: analysis.kind, rules, categories })}\n`,
    );
    if (!ok) await new Promise((resolve) => output.once('drain', resolve));
  }
  return 0;
}
