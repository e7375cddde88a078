import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import type { ContentProblem } from './errors.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ContentProblem[] };

/**
 * Reads one YAML file and validates it against a schema. Problems carry the file, the line of
 * the offending value and the dotted field path, so a writer can go straight to it.
 */
export function readYamlFile<S extends z.ZodType>(
  path: string,
  schema: S,
  root: string,
): Parsed<z.output<S>> {
  const file = relative(process.cwd(), path) || path;
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problems: [
        { file, message: `cannot be read (${(error as Error).message}). ${rootHint(root)}` },
      ],
    };
  }
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((e) => ({
        file,
        line: lines.linePos(e.pos[0]).line,
        message: `is not valid YAML: ${e.message.split('\n')[0]}. Check indentation and quoting (quote strings that contain ": " or start with a symbol).`,
      })),
    };
  }
  const result = schema.safeParse(document.toJS());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return {
        file,
        line: lineOf(document, path, lines),
        field: path.join('.') || undefined,
        message: issue.message,
      };
    }),
  };
}

function rootHint(root: string): string {
  return `Content is read from ${root}; set TEND_CONTENT_DIR if it lives elsewhere.`;
}

/** The line of the deepest node on `path` that exists (a missing key points at its parent). */
function lineOf(
  document: ReturnType<typeof parseDocument>,
  path: string[],
  lines: LineCounter,
): number | undefined {
  // YAML sequences are indexed by number, maps by key.
  const keys = path.map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let depth = keys.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of a field (e.g. ['patterns', 2]) in a YAML file, for problems found after validation. */
export function lineOfField(path: string, field: (string | number)[]): number | undefined {
  try {
    const lines = new LineCounter();
    const document = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines });
    return lineOf(document, field.map(String), lines);
  } catch {
    return undefined;
  }
}
