import { describe, expect, it } from 'vitest';
import type { Person, Reply } from '../../src/engine/types.js';
import { openDatabase } from '../../src/storage/database.js';
import { Store } from '../../src/storage/store.js';
import { createTestEngine, greet } from '../helpers/engine.js';

const person = (userId = 'u1', locale?: string): Person => ({ platform: 'test', userId, locale });
/** A fresh engine, already past its one-time welcome, answering each text in turn. */
const greeted = async (who = person()) => {
  const engine = await createTestEngine();
  greet(engine, who);
  return engine;
};
const say = async (texts: string[], who = person()) => {
  const engine = await greeted(who);
  return texts.map((text) => engine.handleMessage({ person: who, text }));
};
const only = (replies: Reply[]): Reply => {
  expect(replies).toHaveLength(1);
  return replies[0] as Reply;
};

describe('engine: harsh self-talk', () => {
  it('answers the heartbreak example with an acknowledgement, a reframe and buttons', async () => {
    const [replies = []] = await say(["I'm so stupid for falling for him"]);
    const reply = only(replies);
    expect(reply.kind).toBe('reframe');
    expect(reply.text.length).toBeGreaterThan(40);
    expect(reply.text).not.toMatch(/you should|just think positive/i);
    expect(reply.buttons?.map((b) => b.actionId)).toEqual(['another', 'why', 'helped']);
  });

  it('does not show the same reframe twice in a row to the same person', async () => {
    const engine = await greeted();
    const texts: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      texts.push(only(engine.handleMessage({ person: person(), text: "I'm such an idiot" })).text);
    }
    const reframes = texts.map((t) => t.split('\n')[0]);
    for (let i = 1; i < reframes.length; i += 1) expect(reframes[i]).not.toBe(reframes[i - 1]);
    expect(new Set(reframes).size).toBeGreaterThanOrEqual(6);
  });

  it('"another one" gives a different reframe for the same thought', async () => {
    const engine = await greeted();
    const first = only(
      engine.handleMessage({ person: person(), text: "I'll never find love again" }),
    );
    const again = only(engine.handleMessage({ person: person(), text: 'another one' }));
    expect(again.kind).toBe('reframe');
    expect(first.text).not.toContain(again.text);
    const pressed = only(engine.handleAction({ person: person(), actionId: 'another' }));
    expect(pressed.kind).toBe('reframe');
    expect(pressed.text).not.toBe(again.text);
  });

  it('"why?" names the rule and explains the thinking trap in plain words', async () => {
    const engine = await greeted();
    engine.handleMessage({ person: person(), text: "I'll never find love again" });
    const why = only(engine.handleMessage({ person: person(), text: 'why?' }));
    expect(why.kind).toBe('why');
    expect(why.text).toMatch(/fortune/i);
    expect(why.text).toMatch(/rule "[a-z-]+"/);
    expect(only(engine.handleAction({ person: person(), actionId: 'why' })).text).toBe(why.text);
  });

  it('"why?" before anything was said explains how it works instead', async () => {
    const engine = await greeted();
    expect(only(engine.handleMessage({ person: person(), text: 'why' })).text).toMatch(
      /haven't suggested anything/,
    );
  });

  it('counts "that helped" for the reframe, without the person', async () => {
    const store = new Store(openDatabase(':memory:'));
    const engine = await createTestEngine({ store });
    greet(engine, person());
    const reply = only(engine.handleMessage({ person: person(), text: "I'm not enough" }));
    const helped = reply.buttons?.find((b) => b.actionId === 'helped');
    const thanks = only(
      engine.handleAction({ person: person(), actionId: 'helped', value: helped?.value }),
    );
    expect(thanks.kind).toBe('thanks');
    const rows = store.db.prepare('SELECT * FROM reframe_feedback').all();
    expect(rows).toEqual([{ reframe_id: helped?.value, helped: 1 }]);
  });
});

describe('engine: conversation', () => {
  it('never reframes a neutral message: it listens', async () => {
    const [replies = []] = await say(['went for a walk and made soup']);
    const reply = only(replies);
    expect(reply.kind).toBe('listen');
    expect(reply.buttons).toBeUndefined();
  });

  it.each([
    ['hi', 'info'],
    ['hello!', 'info'],
    ['thank you', 'thanks'],
    ['help', 'info'],
    ['are you a therapist?', 'info'],
    ['what are you?', 'info'],
  ])('answers "%s" as %s', async (text, kind) => {
    const [replies = []] = await say([text]);
    expect(only(replies).kind).toBe(kind);
  });

  it('says it is not therapy when asked what it is', async () => {
    const [replies = []] = await say(['are you a real person?']);
    expect(only(replies).text).toMatch(/not therapy/i);
  });

  it('answers harsh self-talk even when it starts with thanks', async () => {
    const [replies = []] = await say(["thanks, but honestly I'm such a loser"]);
    expect(only(replies).kind).toBe('reframe');
  });
});

describe('engine: crisis', () => {
  it('puts one clear way to reach a person first, and never reframes', async () => {
    const [replies = []] = await say(["I'm so stupid. I want to kill myself"]);
    const reply = only(replies);
    expect(reply.kind).toBe('crisis');
    expect(reply.buttons).toBeUndefined();
    expect(reply.text.split('\n')[0]).toMatch(/988/);
    expect(reply.text).toMatch(/findahelpline\.com/);
  });

  it('chooses the country from the locale', async () => {
    const [replies = []] = await say(['I want to die'], person('u2', 'en-GB'));
    expect(only(replies).text.split('\n')[0]).toMatch(/116 123/);
  });

  it('lets a person pick another country, and remembers it', async () => {
    const [, chosen = [], crisis = []] = await say(['hello', 'country AU', 'kms']);
    expect(only(chosen).text).toMatch(/Australia/);
    expect(only(crisis).text.split('\n')[0]).toMatch(/13 11 14/);
  });

  it('puts a domestic-abuse line first for partner violence', async () => {
    const [replies = []] = await say(['my boyfriend hits me when he is angry']);
    const reply = only(replies);
    expect(reply.kind).toBe('crisis');
    expect(reply.text.split('\n')[0]).toMatch(/1-800-799-7233/);
  });

  it('"why?" after a crisis reply explains that safety comes first', async () => {
    const [, why = []] = await say(['I want to end my life', 'why?']);
    expect(only(why).text).toMatch(/safety/);
  });
});

describe('engine: commands', () => {
  it('/reframe answers privately in a shared space', async () => {
    const engine = await greeted();
    const replies = engine.handleCommand({
      person: person(),
      name: 'reframe',
      args: "I'm a failure",
      inSharedSpace: true,
    });
    expect(only(replies)).toMatchObject({ kind: 'reframe', ephemeral: true });
  });

  it('/reframe with nothing harsh says so kindly', async () => {
    const engine = await greeted();
    const reply = only(
      engine.handleCommand({
        person: person(),
        name: 'reframe',
        args: 'I had pasta',
        inSharedSpace: false,
      }),
    );
    expect(reply.kind).toBe('listen');
    expect(reply.ephemeral).toBeUndefined();
  });

  it.each(['help', 'about', 'privacy'])('/tend %s returns its text', async (word) => {
    const engine = await greeted();
    const reply = only(
      engine.handleCommand({ person: person(), name: 'tend', args: word, inSharedSpace: false }),
    );
    expect(reply.kind).toBe('info');
    const expected = { help: /\/reframe/, about: /not therapy/, privacy: /What I keep/ }[word];
    expect(reply.text).toMatch(expected as RegExp);
  });
});
