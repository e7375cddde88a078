/**
 * Property-based tests of the engine on hostile and odd input (fixed seeds, bounded runs): random
 * Unicode, control and direction characters, combining-mark floods, 100 KB messages and every
 * mention syntax of Discord and Slack, through every way words reach the engine. The engine
 * never throws, answers each call within a time cap, and nothing it says can notify anyone,
 * including proud notes, the only words of the person that Tend ever shows back.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TendEngine } from '../../src/engine/engine.js';
import type { Person, Reply } from '../../src/engine/types.js';
import { hostileMessages } from '../../src/cli/bench.js';
import { createTestEngine } from '../helpers/engine.js';
import { activeMentions, hostileText, hostileUnit, huge } from '../helpers/hostile.js';

/** Per call; best of three, so one garbage-collection pause on a busy machine does not decide. */
const TIME_CAP_MS = 50;

let engine: TendEngine;
let people = 0;

beforeAll(async () => {
  engine = await createTestEngine();
});

/** A fresh person who keeps notes, so proud notes are saved and shown back. */
function keeper(): Person {
  people += 1;
  const person: Person = { platform: 'test', userId: `hostile-${people}` };
  engine.handleCommand({ person, name: 'tend', args: 'keep yes', inSharedSpace: false });
  return person;
}

/** Every way a person's words reach the engine, each returning the engine's replies. */
function calls(person: Person, text: string): [string, () => Reply[]][] {
  const command = (name: string, args: string) => () =>
    engine.handleCommand({ person, name, args, inSharedSpace: false });
  return [
    ['message', () => engine.handleMessage({ person, text })],
    ['proud message', () => engine.handleMessage({ person, text: `I'm proud that I ${text}` })],
    ['/proud note', command('proud', text)],
    ['/proud history', command('proud', '')],
    ['/reframe', command('reframe', text)],
    ['/checkin', command('checkin', text)],
    ['/reflect', command('reflect', text)],
    ['/tend', command('tend', text)],
    ['/tend country', command('tend', `country ${text}`)],
    ['/tend export', command('tend', 'export')],
    ['checkin button', () => engine.handleAction({ person, actionId: 'checkin', value: text })],
    ['consent button', () => engine.handleAction({ person, actionId: 'consent', value: text })],
    ['another', () => engine.handleAction({ person, actionId: 'another' })],
    ['why', () => engine.handleAction({ person, actionId: 'why' })],
  ];
}

/** Runs a call; if it was slow, twice more (on fresh people) and keeps the fastest. */
function timed(call: () => Reply[], again: () => () => Reply[]): { replies: Reply[]; ms: number } {
  let started = performance.now();
  const replies = call();
  let ms = performance.now() - started;
  for (let i = 0; i < 2 && ms >= TIME_CAP_MS; i += 1) {
    const retry = again();
    started = performance.now();
    retry();
    ms = Math.min(ms, performance.now() - started);
  }
  return { replies, ms };
}

function checkAll(text: string): void {
  const person = keeper();
  for (const [name, call] of calls(person, text)) {
    const { replies, ms } = timed(call, () => {
      const fresh = keeper();
      return calls(fresh, text).find(([n]) => n === name)?.[1] ?? call;
    });
    expect(ms, `${name} took ${ms.toFixed(1)} ms`).toBeLessThan(TIME_CAP_MS);
    for (const reply of replies) {
      expect(typeof reply.text, name).toBe('string');
      expect(activeMentions(reply.text), `${name}: ${JSON.stringify(reply.text)}`).toEqual([]);
    }
  }
}

describe('engine on hostile input: found by the properties, kept as examples', () => {
  it.each([
    ['a control character inside a mention', '@\u0000everyone and <\u0007@123456789012345678>'],
    ['a mention glued to a word', "@everyoneI'm here and @heremore"],
    ['a mention glued to a combining mark', '@channela\u0301'],
  ])('defuses %s in a proud note shown back', (_name, note) => {
    const person = keeper();
    engine.handleCommand({ person, name: 'proud', args: note, inSharedSpace: false });
    const history = engine.handleCommand({ person, name: 'proud', args: '', inSharedSpace: false });
    expect(activeMentions(history.map((r) => r.text).join('\n'))).toEqual([]);
  });

  it('never keeps half an emoji when a long proud note is cut', () => {
    const person = keeper();
    engine.handleCommand({
      person,
      name: 'proud',
      args: `${'a'.repeat(499)}😀 and more`,
      inSharedSpace: false,
    });
    const history = engine.handleCommand({ person, name: 'proud', args: '', inSharedSpace: false });
    const text = history.map((r) => r.text).join('\n');
    expect(text).toContain('a'.repeat(499));
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it.each(Object.entries(hostileMessages()))(
    'answers a 100 KB message (%s) in under 50 ms, not only detects it',
    (_name, text) => {
      const { ms } = timed(
        () => engine.handleMessage({ person: keeper(), text }),
        () => () => engine.handleMessage({ person: keeper(), text }),
      );
      expect(ms).toBeLessThan(TIME_CAP_MS);
    },
  );
});

describe('engine on hostile input', () => {
  it('never throws, answers in time, and never says an active mention (short text)', () => {
    fc.assert(
      fc.property(hostileText, (text) => checkAll(text)),
      { seed: 20260601, numRuns: 300 },
    );
  });

  it('the same for 100 KB messages', () => {
    fc.assert(
      fc.property(hostileUnit, (unit) => checkAll(huge(unit))),
      { seed: 20260602, numRuns: 12 },
    );
  }, 60_000);

  it('shows proud notes back with every mention defused, in /proud and on a hard day', async () => {
    // Notes come back with a reframe only on a later day: this engine's clock moves.
    const clock = { now: Date.UTC(2026, 2, 2, 9) };
    const later = await createTestEngine({ now: () => clock.now });
    let runs = 0;
    const remembered: string[] = [];
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 5 }), (notes) => {
        const person: Person = { platform: 'test', userId: `memory-${(runs += 1)}` };
        const command = (name: string, args: string) =>
          later.handleCommand({ person, name, args, inSharedSpace: false });
        command('tend', 'keep yes');
        for (const note of notes) command('proud', `x ${note}`);
        const shown = [...command('proud', '')];
        clock.now += 86_400_000;
        for (let i = 0; i < 4; i += 1)
          shown.push(...later.handleMessage({ person, text: "I'm such an idiot" }));
        clock.now -= 86_400_000;
        remembered.push(
          ...shown.filter((r) => r.kind === 'reframe' && /\bx\b/.test(r.text)).map((r) => r.text),
        );
        expect(activeMentions(shown.map((r) => r.text).join('\n'))).toEqual([]);
      }),
      { seed: 20260603, numRuns: 150 },
    );
    // The hard-day path did bring notes back, so it was checked too.
    expect(remembered.length).toBeGreaterThan(20);
  });
});
