import { describe, expect, it } from 'vitest';
import { createTestEngine, greet } from '../helpers/engine.js';

describe('flood control', () => {
  it('slows down politely after 20 messages in 10 seconds, and answers again once the window clears', async () => {
    const clock = { now: 1_000_000 };
    const engine = await createTestEngine({ now: () => clock.now });
    const flooder = { platform: 'test' as const, userId: 'flooder' };
    const other = { platform: 'test' as const, userId: 'other' };
    greet(engine, flooder);
    greet(engine, other);
    const answers = Array.from({ length: 30 }, (_, i) => {
      clock.now += 100;
      return engine.handleMessage({ person: flooder, text: `message ${i}` });
    });
    // "hi" from greet counted as the first of 20.
    expect(answers.slice(0, 19).every((r) => r.length === 1)).toBe(true);
    expect(answers[19]?.[0]?.text).toMatch(/slow down/);
    expect(answers.slice(20).every((r) => r.length === 0)).toBe(true);
    // Someone else is not affected.
    expect(engine.handleMessage({ person: other, text: "I'm such an idiot" })[0]?.kind).toBe(
      'reframe',
    );
    // Crisis is never held back.
    expect(engine.handleMessage({ person: flooder, text: 'I want to kill myself' })[0]?.kind).toBe(
      'crisis',
    );
    clock.now += 10_001;
    expect(engine.handleMessage({ person: flooder, text: "I'm such an idiot" })[0]?.kind).toBe(
      'reframe',
    );
  });

  it('takes its limit from EngineOptions.flood', async () => {
    const clock = { now: 1_000_000 };
    const engine = await createTestEngine({
      now: () => clock.now,
      flood: { limit: 3, windowMs: 1_000 },
    });
    const person = { platform: 'test' as const, userId: 'p' };
    const answers = Array.from({ length: 5 }, () =>
      engine.handleMessage({ person, text: 'had a long day' }).map((r) => r.text),
    );
    expect(answers.slice(0, 3).every((a) => a.length > 0 && !/slow down/.test(a.join()))).toBe(
      true,
    );
    expect(answers[3]).toEqual([expect.stringMatching(/slow down/)]);
    expect(answers[4]).toEqual([]);
    clock.now += 1_000;
    expect(engine.handleMessage({ person, text: 'had a long day' })[0]?.kind).toBe('listen');
  });
});
