import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderCatalogue } from '../content/catalogue.js';
import { checkExamples } from '../content/check.js';
import { loadContent } from '../content/load.js';
import { CHECKED_PATTERNS_FILE, writeCheckedPatterns } from '../content/redos.js';
import { loadConfig } from '../config.js';

const CATALOGUE = 'RULES.md';

/** `tend content check` and `tend content doc`. */
export async function contentCommand(args: string[]): Promise<number> {
  const [sub] = args;
  const config = loadConfig();
  const content = await loadContent(config.contentDir);
  // Remember recheck's verdicts so later loads only check new or edited patterns.
  writeCheckedPatterns(join(content.dir, CHECKED_PATTERNS_FILE), content.checkedPatterns);
  const cataloguePath = join(content.dir, CATALOGUE);
  const catalogue = renderCatalogue(content);

  if (sub === 'doc') {
    writeFileSync(cataloguePath, catalogue);
    process.stdout.write(
      `Wrote ${relative(process.cwd(), cataloguePath)} (${content.rules.length} rules).\n`,
    );
    return 0;
  }
  if (sub !== 'check') {
    process.stderr.write('Usage: npx --no tend content check | content doc\n');
    return 2;
  }

  const failures = checkExamples(content);
  for (const f of failures) {
    process.stderr.write(
      `${relative(process.cwd(), f.file)}: rule "${f.ruleId}": example ${JSON.stringify(f.example)} ${f.problem}\n`,
    );
  }
  let current = '';
  try {
    current = readFileSync(cataloguePath, 'utf8');
  } catch {
    // Missing counts as out of date.
  }
  const staleCatalogue = current !== catalogue;
  if (staleCatalogue) {
    process.stderr.write(
      `${relative(process.cwd(), cataloguePath)} is out of date: run npx --no tend content doc\n`,
    );
  }
  const examples = content.rules.reduce(
    (n, r) => n + r.source.examples.match.length + r.source.examples.no_match.length,
    0,
  );
  process.stdout.write(
    `${content.rules.length} rules, ${examples} examples, ${failures.length} failing; ` +
      `${content.newlyCheckedPatterns} patterns newly checked for catastrophic backtracking.\n`,
  );
  return failures.length > 0 || staleCatalogue ? 1 : 0;
}
