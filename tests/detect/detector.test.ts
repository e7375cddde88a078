import { beforeAll, describe, expect, it } from 'vitest';
import { Detector, type MessageKind } from '../../src/detect/detector.js';
import { testContent } from '../helpers/engine.js';

let detector: Detector;
beforeAll(async () => {
  detector = new Detector(await testContent());
});
const kindOf = (text: string): MessageKind => detector.analyze(text).kind;

describe('detector: ordinary chat', () => {
  it.each([
    ['curly apostrophes', 'I’m so stupid for falling for him'],
    ['missing apostrophes', 'im such an idiot'],
    ['missing apostrophes in negatives', 'i dont deserve to be loved'],
    ['any case', "I'M SUCH A FAILURE"],
    ['stretched letters', 'im sooooo stupiddd'],
    ['emoji', 'I’m 😭😭 so pathetic 💔'],
    ['a harsh sentence last', 'Work was fine. Dinner was ok. I will never find love again.'],
    ['a harsh sentence first', "I'm worthless. Anyway, how are you?"],
  ])('flags harsh self-talk with %s', (_case, text) => {
    expect(kindOf(text)).toBe('harsh');
  });

  it.each([
    ['negation', "I'm not stupid, I trusted the wrong person"],
    ['negation, later on', "I don't think I'm a failure anymore"],
    ['another person as subject', 'he is such an idiot'],
    ['other people overgeneralising', 'they always ruin everything'],
    ['reported speech', 'my ex called me stupid'],
    ['reported speech with "said"', 'she said I was too much'],
    ['positive self-talk', "I'm enough"],
    ['positive self-talk, longer', 'I am worthy of love and I know it'],
    ['an everyday object', 'this printer is so stupid'],
    ['an everyday should', 'I should call my mom'],
    ['an everyday never', "I'll never forget that concert"],
    ['a question about the bot', 'are you a real person?'],
    ['a question about how it works', 'how do you decide what to say?'],
  ])('does not flag %s', (_case, text) => {
    expect(kindOf(text)).toBe('neutral');
  });

  it('marks the span of the harsh words in the original text', () => {
    const text = 'ok so. I’m sooo STUPID for this';
    const hit = detector.analyze(text).hits[0];
    expect(hit).toBeDefined();
    expect(text.slice(hit?.start, hit?.end)).toMatch(/STUPID/);
  });
});

describe('detector: crisis always wins', () => {
  it.each([
    'I want to kill myself',
    'i want to die',
    'thinking about suicide again',
    'kms',
    'honestly might just kms tonight',
    'i want to unalive myself',
    'I keep cutting myself',
    'everyone would be better off without me',
    'I want to sleep and never wake up',
    "I don't want to be here anymore",
    'he hits me',
    "I'm scared of what he'll do",
    "I'm such an idiot, I want to end it all",
  ])('treats "%s" as crisis', (text) => {
    expect(kindOf(text)).toBe('crisis');
  });

  it.each([
    'this traffic is killing me',
    "I'm dying to see it",
    'I could kill for a coffee',
    'my phone is dead',
    "lol I'm dead 😂",
    'that joke killed me',
    'kill the lights please',
    'my feet are killing me after that hike',
  ])('never treats the idiom "%s" as crisis', (text) => {
    expect(kindOf(text)).not.toBe('crisis');
  });
});
