import { normalize } from '../detect/normalize.js';
import type { Reply } from '../engine/types.js';
import { fill, type Turn } from './turn.js';

/**
 * Guided reflections: a few steps each, one at a time. Only the reflection's id and the step
 * number are kept (so a restart resumes it); what the person writes at each step is never stored.
 */

export function listReflections(turn: Turn): Reply {
  const words = turn.content.practices.reflections;
  const lines = words.items.map((r) => `• /reflect ${r.id}: ${r.name}. ${r.summary}`);
  return { kind: 'practice', text: `${words.list_intro}\n${lines.join('\n')}` };
}

export function startReflection(turn: Turn, name: string): Reply {
  const words = turn.content.practices.reflections;
  const wanted = name.trim().toLowerCase().split(/\s+/)[0] ?? '';
  const reflection = words.items.find(
    (r) => r.id === wanted || r.name.toLowerCase() === name.trim().toLowerCase(),
  );
  if (!reflection) {
    return {
      kind: 'practice',
      text: fill(words.unknown, { list: words.items.map((r) => r.id).join(', ') }),
    };
  }
  turn.practices.setReflection(turn.userKey, reflection.id, 0, turn.now);
  return { kind: 'practice', text: `${reflection.steps[0]}\n(Say "stop" at any point to end.)` };
}

/** Cancel words are short; a message longer than this is an answer, not worth normalizing. */
const CANCEL_MAX_CHARS = 200;

/** Whether a message is a request to stop the reflection in progress. */
export function isCancel(turn: Turn, text: string): boolean {
  if (text.length > CANCEL_MAX_CHARS) return false;
  const said = normalize(text)
    .text.replace(/[.!?…]+$/, '')
    .trim();
  return turn.content.practices.reflections.cancel_words.includes(said);
}

/** Moves a reflection in progress one step on; undefined if there is none. */
export function continueReflection(turn: Turn, text: string): Reply | undefined {
  const state = turn.practices.reflection(turn.userKey);
  if (!state) return undefined;
  const words = turn.content.practices.reflections;
  const reflection = words.items.find((r) => r.id === state.reflectionId);
  if (!reflection || isCancel(turn, text)) {
    turn.practices.endReflection(turn.userKey);
    return { kind: 'practice', text: words.cancelled };
  }
  const next = state.step + 1;
  if (next >= reflection.steps.length) {
    turn.practices.endReflection(turn.userKey);
    return { kind: 'practice', text: reflection.closing };
  }
  turn.practices.setReflection(turn.userKey, reflection.id, next, turn.now);
  return { kind: 'practice', text: reflection.steps[next] ?? reflection.closing };
}
