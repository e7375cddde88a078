import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../content/load.js';
import { Detector } from '../detect/detector.js';
import { TendEngine } from '../engine/engine.js';
import { openDatabase } from '../storage/database.js';
import { Store } from '../storage/store.js';
import { loadConfig } from '../config.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

/** The labelled corpus, split into all lines and the neutral ones (everyday chat). */
function sampleMessages(): { all: string[]; neutral: string[] } {
  const corpus = join(ROOT, 'tests/corpus/corpus.tsv');
  if (!existsSync(corpus)) {
    const fallback = ["I'm so stupid for falling for him", 'had a long day at work', 'thanks'];
    return { all: fallback, neutral: fallback.slice(1) };
  }
  const rows = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  return {
    all: rows.map((r) => r[2] ?? '').filter(Boolean),
    neutral: rows
      .filter((r) => r[0] === 'neutral')
      .map((r) => r[2] ?? '')
      .filter(Boolean),
  };
}

/** Messages per second on one core over `count` messages, cycling through `samples`. */
function throughput(detector: Detector, samples: string[], count: number): number {
  for (let i = 0; i < 5_000; i += 1) detector.analyze(samples[i % samples.length] ?? '');
  const started = performance.now();
  for (let i = 0; i < count; i += 1) detector.analyze(samples[i % samples.length] ?? '');
  return Math.round(count / ((performance.now() - started) / 1000));
}

/** Inputs built to be slow: long, unpunctuated, repetitive, mention-laden, mark-flooded. */
export function hostileMessages(): Record<string, string> {
  const size = 100_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    'one letter': fill('a'),
    'repeated harsh words, no punctuation': fill("i'm so so so stupid and i always "),
    'words without spaces': fill('imsostupid'),
    'apostrophes and spaces': fill("' ' i' m "),
    'emoji flood': fill('😭🙃'),
    'combining marks': fill('a\u0301\u0302\u0303'),
    mentions: fill('<@123> @everyone <!channel> '),
    'right-to-left and controls': fill('\u202eأنا غبي\u0000\u0007 '),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

export async function benchCommand(args: string[]): Promise<number> {
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const config = loadConfig();
  const loadStart = performance.now();
  const content = await loadContent(config.contentDir);
  const loadMs = performance.now() - loadStart;
  const detector = new Detector(content);
  const { all: samples, neutral } = sampleMessages();
  const mixed = throughput(detector, samples, count);
  const everyday = throughput(detector, neutral, count);

  const latencies: number[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const message = samples[i % samples.length] ?? '';
    const t = performance.now();
    detector.analyze(message);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);

  // Full engine turns, on a real database file.
  const dir = mkdtempSync(join(tmpdir(), 'tend-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const engine = new TendEngine({ content, store: new Store(db) });
  const turns: number[] = [];
  for (let i = 0; i < 10_000; i += 1) {
    const t = performance.now();
    engine.handleMessage({
      person: { platform: 'test', userId: `u${i % 200}` },
      text: samples[i % samples.length] ?? '',
    });
    turns.push(performance.now() - t);
  }
  turns.sort((a, b) => a - b);
  db.close();
  rmSync(dir, { recursive: true, force: true });

  let worst = 0;
  let worstName = '';
  for (const [name, message] of Object.entries(hostileMessages())) {
    const t = performance.now();
    detector.analyze(message);
    const ms = performance.now() - t;
    if (ms > worst) [worst, worstName] = [ms, name];
  }

  // Start-up of a whole process: `tend analyze` on empty input.
  const cliStart = performance.now();
  spawnSync(process.execPath, [join(ROOT, 'bin/tend.js'), 'analyze'], {
    input: '',
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const cliMs = performance.now() - cliStart;

  const rows: [string, string][] = [
    [
      'rules / corpus lines (neutral ones)',
      `${content.rules.length} / ${samples.length} (${neutral.length})`,
    ],
    [
      'analyze, whole corpus (one core)',
      `${mixed.toLocaleString('en-US')} messages/s over ${count.toLocaleString('en-US')}`,
    ],
    [
      'analyze, neutral lines (one core)',
      `${everyday.toLocaleString('en-US')} messages/s over ${count.toLocaleString('en-US')}`,
    ],
    [
      'analyze latency p50 / p99 (whole corpus)',
      `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))}`,
    ],
    [
      'engine turn incl. SQLite write p50 / p99',
      `${fmt(percentile(turns, 50))} / ${fmt(percentile(turns, 99))}`,
    ],
    ['worst hostile 100 KB message', `${fmt(worst)} (${worstName})`],
    ['content load in process', fmt(loadMs)],
    ['process start-up (tend analyze, empty input)', fmt(cliMs)],
    ['peak RSS', `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  return 0;
}
