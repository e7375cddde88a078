import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, type ContentProblem } from './errors.js';
import { compilePattern, expandMacros } from './patterns.js';
import {
  CHECKED_PATTERNS_FILE,
  judgePatterns,
  writeCheckedPatterns,
  readCheckedPatterns,
  type CheckedPatterns,
} from './redos.js';
import {
  categoriesFileSchema,
  conversationFileSchema,
  crisisFileSchema,
  lexiconFileSchema,
  practicesFileSchema,
  reframeSetSchema,
  ruleSchema,
  type Category,
  type ConversationFile,
  type CrisisFile,
  type Lexicon,
  type PracticesFile,
  type ReframeSet,
  type RuleFile,
} from './schema.js';
import { lineOfField, readYamlFile } from './yaml-file.js';

/** A rule ready to run: its patterns expanded and compiled. */
export interface CompiledRule {
  id: string;
  category: Category;
  patterns: RegExp[];
  exceptions: RegExp[];
  reframes: string[];
  source: RuleFile;
  file: string;
}

/** Everything under content/, validated and cross-checked. */
export interface Content {
  dir: string;
  categories: Map<string, Category>;
  lexicon: Lexicon;
  rules: CompiledRule[];
  reframeSets: Map<string, ReframeSet>;
  crisis: CrisisFile;
  conversation: ConversationFile;
  practices: PracticesFile;
  /** Whole-message patterns for small talk, by intent name (greeting, help, why, ...). */
  intents: Map<string, RegExp[]>;
  /** The ReDoS verdicts, so `tend content check` can save newly checked ones. */
  checkedPatterns: CheckedPatterns;
  newlyCheckedPatterns: number;
}

export const DEFAULT_CONTENT_DIR = resolve(fileURLToPath(import.meta.url), '../../../content');

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/** Paths in problems are shown relative to where the command was run. */
function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

function stem(path: string): string {
  return basename(path).replace(/\.ya?ml$/, '');
}

/**
 * Loads and validates all content. Collects every problem before failing, so one run of
 * `tend content check` shows a writer the whole list.
 */
export async function loadContent(dir: string = DEFAULT_CONTENT_DIR): Promise<Content> {
  const problems: ContentProblem[] = [];
  const read = <T>(path: string, schema: Parameters<typeof readYamlFile>[1]): T | undefined => {
    const parsed = readYamlFile(path, schema, dir);
    if (parsed.ok) return parsed.value as T;
    problems.push(...parsed.problems);
    return undefined;
  };

  const categoriesFile = read<{ categories: Category[] }>(
    join(dir, 'categories.yml'),
    categoriesFileSchema,
  );
  const lexicon = read<Lexicon>(join(dir, 'lexicon.yml'), lexiconFileSchema) ?? {};
  const crisis = read<CrisisFile>(join(dir, 'crisis', 'resources.yml'), crisisFileSchema);
  const conversation = read<ConversationFile>(
    join(dir, 'conversation.yml'),
    conversationFileSchema,
  );

  const practices = read<PracticesFile>(join(dir, 'practices.yml'), practicesFileSchema);

  const categories = new Map((categoriesFile?.categories ?? []).map((c) => [c.id, c]));

  const reframeSets = new Map<string, ReframeSet>();
  const reframeIds = new Set<string>();
  for (const path of yamlFiles(join(dir, 'reframes'))) {
    const set = read<ReframeSet>(path, reframeSetSchema);
    if (!set) continue;
    if (set.id !== stem(path)) {
      problems.push({
        file: shown(path),
        field: 'id',
        message: `is "${set.id}" but the file is ${basename(path)}: make them the same`,
      });
    }
    for (const [index, reframe] of set.reframes.entries()) {
      if (reframeIds.has(reframe.id)) {
        problems.push({
          file: shown(path),
          line: lineOfField(path, ['reframes', index, 'id']),
          field: 'reframes.id',
          message: `"${reframe.id}" is used twice: reframe ids must be unique across all sets`,
        });
      }
      reframeIds.add(reframe.id);
    }
    reframeSets.set(set.id, set);
  }

  const ruleFiles: { path: string; rule: RuleFile }[] = [];
  for (const path of yamlFiles(join(dir, 'rules'))) {
    const rule = read<RuleFile>(path, ruleSchema);
    if (!rule) continue;
    ruleFiles.push({ path, rule });
    const category = categories.get(rule.category);
    if (rule.id !== stem(path)) {
      problems.push({
        file: shown(path),
        field: 'id',
        message: `is "${rule.id}" but the file is ${basename(path)}: a rule's file name is its id`,
      });
    }
    if (categoriesFile && !category) {
      problems.push({
        file: shown(path),
        line: lineOfField(path, ['category']),
        field: 'category',
        message: `"${rule.category}" is not in content/categories.yml; use one of: ${[...categories.keys()].join(', ')}`,
      });
    }
    for (const set of rule.reframes) {
      if (!reframeSets.has(set)) {
        problems.push({
          file: shown(path),
          line: lineOfField(path, ['reframes']),
          field: 'reframes',
          message: `"${set}" has no file content/reframes/${set}.yml`,
        });
      }
    }
    if (category?.kind === 'harsh' && rule.reframes.length === 0) {
      problems.push({
        file: shown(path),
        field: 'reframes',
        message: 'a harsh rule needs at least one reframe set, e.g. reframes: [labeling]',
      });
    }
    if (category?.kind === 'crisis' && rule.reframes.length > 0) {
      problems.push({
        file: shown(path),
        field: 'reframes',
        message: 'crisis rules are never reframed: remove reframes',
      });
    }
  }
  for (const category of categories.values()) {
    if (category.kind === 'harsh' && !reframeSets.has(category.id)) {
      problems.push({
        file: shown(join(dir, 'categories.yml')),
        field: 'categories',
        message: `category "${category.id}" has no reframe set: add content/reframes/${category.id}.yml`,
      });
    }
  }

  // Expand and compile every pattern, then judge them for catastrophic backtracking.
  const compiled: CompiledRule[] = [];
  const expandedOf = new Map<
    string,
    { path: string; ruleId: string; written: string; field: (string | number)[] }
  >();
  for (const { path, rule } of ruleFiles) {
    const compile = (
      written: string,
      field: 'patterns' | 'exceptions',
      index: number,
    ): RegExp | undefined => {
      try {
        const expanded = expandMacros(written, lexicon);
        const regex = compilePattern(expanded);
        expandedOf.set(expanded, { path, ruleId: rule.id, written, field: [field, index] });
        return regex;
      } catch (error) {
        problems.push({
          file: shown(path),
          line: lineOfField(path, [field, index]),
          field,
          message: `pattern ${JSON.stringify(written)} ${(error as Error).message.replace(/^Invalid regular expression: /, 'is not a valid regular expression: ')}`,
        });
        return undefined;
      }
    };
    const patterns = rule.patterns
      .map((p, i) => compile(p, 'patterns', i))
      .filter((r) => r !== undefined);
    const exceptions = rule.exceptions
      .map((p, i) => compile(p, 'exceptions', i))
      .filter((r) => r !== undefined);
    const category = categories.get(rule.category);
    if (category) {
      compiled.push({
        id: rule.id,
        category,
        patterns,
        exceptions,
        reframes: rule.reframes,
        source: rule,
        file: path,
      });
    }
  }

  const intents = new Map<string, RegExp[]>();
  const conversationPath = join(dir, 'conversation.yml');
  for (const [name, intent] of Object.entries(conversation?.intents ?? {})) {
    const compiledIntent: RegExp[] = [];
    for (const [index, written] of intent.patterns.entries()) {
      try {
        const expanded = expandMacros(written, lexicon);
        compiledIntent.push(compilePattern(expanded));
        expandedOf.set(expanded, {
          path: conversationPath,
          ruleId: `intent ${name}`,
          written,
          field: ['intents', name, 'patterns', index],
        });
      } catch (error) {
        problems.push({
          file: shown(conversationPath),
          line: lineOfField(conversationPath, ['intents', name, 'patterns', index]),
          field: `intents.${name}.patterns`,
          message: `pattern ${JSON.stringify(written)}: ${(error as Error).message}`,
        });
      }
    }
    intents.set(name, compiledIntent);
  }

  const cachePath = join(dir, CHECKED_PATTERNS_FILE);
  const checkedPatterns = readCheckedPatterns(cachePath);
  const judged = await judgePatterns([...expandedOf.keys()], checkedPatterns);
  if (judged.newlyChecked > 0) rememberVerdicts(cachePath, checkedPatterns);
  for (const [expanded, verdict] of judged.verdicts) {
    if (verdict !== 'vulnerable') continue;
    const origin = expandedOf.get(expanded);
    if (!origin) continue;
    const attack = judged.attack.get(expanded);
    problems.push({
      file: shown(origin.path),
      line: lineOfField(origin.path, origin.field),
      field: origin.field.filter((f) => typeof f === 'string').join('.'),
      message: `${origin.ruleId.startsWith('intent') ? origin.ruleId : `rule "${origin.ruleId}"`}: pattern ${JSON.stringify(origin.written)} can backtrack catastrophically${attack ? ` (${attack})` : ''}. Avoid nested repetition such as (\\w+ )* or (a+)+; use a bounded gap like (?:\\w+ ){0,3}.`,
    });
  }

  if (problems.length > 0 || !crisis || !conversation || !practices)
    throw new ContentError(problems);
  return {
    dir,
    categories,
    lexicon,
    rules: compiled,
    reframeSets,
    crisis,
    conversation,
    practices,
    intents,
    checkedPatterns,
    newlyCheckedPatterns: judged.newlyChecked,
  };
}

/** Saves new ReDoS verdicts so the next start does not check them again; a read-only folder is fine. */
function rememberVerdicts(path: string, checked: CheckedPatterns): void {
  try {
    writeCheckedPatterns(path, checked);
  } catch {
    // Content may be read-only (a package, a container); the verdicts are then simply not kept.
  }
}
