import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (input: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/tend.js', 'analyze'], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('tend analyze', () => {
  it('writes exactly one JSON object per input line and nothing else on stdout', () => {
    const lines = [
      "I'm so stupid for falling for him",
      'had soup',
      'I want to kill myself',
      '',
      'he is such an idiot',
    ];
    const result = run(`${lines.join('\n')}\n`);
    expect(result.status).toBe(0);
    const out = result.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(lines.length);
    const parsed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const [i, row] of parsed.entries()) {
      expect(Object.keys(row)).toEqual(['text', 'kind', 'rules', 'categories']);
      expect(row.text).toBe(lines[i]);
    }
    expect(parsed.map((r) => r.kind)).toEqual(['harsh', 'neutral', 'crisis', 'neutral', 'neutral']);
    expect(parsed[0]?.categories).toContain('labeling');
    expect((parsed[0]?.rules as string[]).length).toBeGreaterThan(0);
  });

  it('keeps stdout clean even when a .env-style setting is wrong: the error goes to stderr', () => {
    const result = run('hello\n', { TEND_LOG_LEVEL: 'loud' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(/^tend: TEND_LOG_LEVEL \(got "loud"\) must be one of/);
  });
});
