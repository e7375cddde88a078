/**
 * What the simulated people write during a load run: harsh self-talk, everyday chat, small talk
 * and a crisis message, each of which Tend answers with exactly one reply once it has welcomed
 * the person (so a count of replies per message means something).
 */
export const LOAD_MESSAGES: readonly string[] = [
  "I'm so stupid for falling for him",
  'had a long day at work',
  "I'll never find love again",
  'thanks',
  'I always ruin everything',
  'why?',
  'the weather was nice on my walk',
  'I want to kill myself',
  "nobody would care if I didn't show up",
  'another one',
];
