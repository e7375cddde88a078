import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/errors.js';
import { DEFAULT_CONTENT_DIR, loadContent } from '../../src/content/load.js';

/** A writable copy of the real content to break on purpose. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tend-content-'));
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  copies.push(dir);
  return dir;
}
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const RULE = (overrides: string) => `id: test-rule
category: labeling
note: A rule written for this test.
patterns:
  - "\\\\bi'm (?<word>awful)\\\\b"
reframes: [labeling]
examples:
  match:
    - "i'm [awful]"
  no_match:
    - "this is awful"
${overrides}`;

async function problemsOf(dir: string): Promise<string> {
  try {
    await loadContent(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error('content loaded, but it should have been refused');
}

describe('loadContent', () => {
  it('loads the real content', async () => {
    const content = await loadContent();
    expect(content.rules.length).toBeGreaterThan(20);
    expect(content.categories.size).toBeGreaterThanOrEqual(16);
  });

  it('names file, line and field for a wrong value', async () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'rules/test-rule.yml'),
      RULE('').replace('category: labeling', 'category: nope'),
    );
    const message = await problemsOf(dir);
    expect(message).toMatch(
      /rules\/test-rule\.yml:2 \(field "category"\): "nope" is not in content\/categories\.yml/,
    );
  });

  it('refuses a rule without no_match examples, naming the field', async () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'rules/test-rule.yml'), RULE('').replace(/ {2}no_match:\n.*\n/, ''));
    expect(await problemsOf(dir)).toMatch(/test-rule\.yml:\d+ \(field "examples\.no_match"\)/);
  });

  it('refuses a match example without a marked span', async () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'rules/test-rule.yml'), RULE('').replace("i'm [awful]", "i'm awful"));
    expect(await problemsOf(dir)).toMatch(/examples\.match\.0.*mark the span/);
  });

  it('refuses a file whose name is not its id', async () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'rules/other-name.yml'), RULE(''));
    expect(await problemsOf(dir)).toMatch(
      /other-name\.yml \(field "id"\): is "test-rule" but the file is other-name\.yml/,
    );
  });

  it('reports broken YAML with its line', async () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'rules/test-rule.yml'), 'id: test-rule\ncategory: [unclosed\n');
    expect(await problemsOf(dir)).toMatch(/test-rule\.yml:\d+: is not valid YAML/);
  });

  it('reports an invalid regular expression with the rule file', async () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'rules/test-rule.yml'),
      RULE('').replace('(?<word>awful)', '(?<word>awful'),
    );
    expect(await problemsOf(dir)).toMatch(
      /test-rule\.yml:\d+ \(field "patterns"\): pattern .* is not a valid regular expression/,
    );
  });

  it('reports an unknown lexicon name', async () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'rules/test-rule.yml'),
      RULE('').replace('(?<word>awful)', '{no_such_list}'),
    );
    expect(await problemsOf(dir)).toMatch(
      /uses \{no_such_list\}, which is not in content\/lexicon\.yml/,
    );
  });

  it('refuses a catastrophic-backtracking pattern, naming the rule', async () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'rules/test-rule.yml'),
      RULE('').replace("\\\\bi'm (?<word>awful)\\\\b", '^(\\\\w+\\\\s?)*$'),
    );
    const message = await problemsOf(dir);
    expect(message).toMatch(/rule "test-rule": pattern .* can backtrack catastrophically/);
  }, 30_000);

  it('refuses a catastrophic-backtracking exception, naming the rule and field', async () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'rules/test-rule.yml'),
      RULE('exceptions:\n  - "^(a|a)+$"\n'),
    );
    expect(await problemsOf(dir)).toMatch(
      /test-rule\.yml:\d+ \(field "exceptions"\): rule "test-rule": pattern .* can backtrack catastrophically/,
    );
  }, 30_000);

  it('refuses a catastrophic-backtracking intent pattern, naming the intent', async () => {
    const dir = contentCopy();
    const path = join(dir, 'conversation.yml');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        /^( {2}greeting:\n {4}patterns:\n)/m,
        '$1      - "^(\\\\w+\\\\s?)*$"\n',
      ),
    );
    expect(await problemsOf(dir)).toMatch(
      /conversation\.yml:\d+ \(field "intents\.greeting\.patterns"\): intent greeting: pattern .* can backtrack catastrophically/,
    );
  }, 30_000);

  it('lists every problem at once, not only the first', async () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'rules/test-rule.yml'),
      RULE('').replace('category: labeling', 'category: nope'),
    );
    const conversation = readFileSync(join(dir, 'conversation.yml'), 'utf8');
    writeFileSync(join(dir, 'conversation.yml'), conversation.replace(/^help_text:/m, 'help_txt:'));
    const message = await problemsOf(dir);
    expect(message).toContain('"nope" is not in content/categories.yml');
    expect(message).toMatch(/conversation\.yml:\d+ \(field "help_text"\)/);
  });
});
