/** One problem in one content file, said so that a writer can fix it without reading code. */
export interface ContentProblem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const field = problem.field ? ` (field "${problem.field}")` : '';
  return `${where}${field}: ${problem.message}`;
}

/** Thrown when content cannot be loaded; carries every problem found, not just the first. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `Content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ContentError';
  }
}
