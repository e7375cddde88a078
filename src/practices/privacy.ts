import type { Reply } from '../engine/types.js';
import { fill, zoneOf, type Turn } from './turn.js';

/** `/tend privacy`: the general promise, then what is held about this person, in counts. */
export function privacySummary(turn: Turn): Reply {
  const words = turn.content.practices.privacy;
  const counts = turn.practices.counts(turn.userKey);
  const settings = turn.practices.settings(turn.userKey);
  const text = fill(words.summary, {
    proud: counts.proud,
    checkins: counts.checkins,
    reminders: counts.reminders,
    reflection: counts.reflection ? ', and the step you are on in a reflection' : '',
    keep: settings.keep === 'yes' ? 'yes' : settings.keep === 'no' ? 'no' : 'not asked yet',
    memories: settings.memories ? 'on' : 'off',
    paused: settings.paused ? 'yes' : 'no',
    zone: zoneOf(turn),
    quiet: settings.quiet ? `${settings.quiet.start} to ${settings.quiet.end}` : 'none',
    country: settings.country ?? 'not chosen',
  });
  return { kind: 'info', text: `${turn.content.conversation.privacy_text}\n\n${text}` };
}

/** `/tend export`: every row about the person as JSON, sent as a file where the platform can. */
export function exportData(turn: Turn): Reply {
  const data = {
    exported_at: new Date(turn.now).toISOString(),
    platform: turn.person.platform,
    user_id: turn.person.userId,
    ...turn.practices.exportAll(turn.userKey),
  };
  return {
    kind: 'info',
    text: turn.content.practices.privacy.export_ready,
    attachment: { filename: 'tend-export.json', content: `${JSON.stringify(data, null, 2)}\n` },
  };
}

export function forgetQuestion(turn: Turn): Reply {
  const words = turn.content.practices.privacy;
  return {
    kind: 'info',
    text: words.forget_confirm,
    buttons: [
      { actionId: 'forget', label: words.forget_label, value: 'confirm' },
      { actionId: 'forget', label: words.forget_cancel_label, value: 'cancel' },
    ],
  };
}

export function forget(turn: Turn, confirmed: boolean): Reply {
  const words = turn.content.practices.privacy;
  if (!confirmed) return { kind: 'info', text: words.forget_cancelled };
  turn.practices.forget(turn.userKey);
  return { kind: 'info', text: words.forgotten };
}

export function setPaused(turn: Turn, paused: boolean): Reply {
  turn.practices.set(turn.userKey, 'paused', paused);
  const words = turn.content.practices.privacy;
  return { kind: 'info', text: paused ? words.paused : words.resumed };
}

export function setKeep(turn: Turn, answer: string): Reply {
  const words = turn.content.practices.consent;
  const yes = /^(?:yes|y|on|keep)$/i.test(answer.trim());
  const no = /^(?:no|n|off|stop)$/i.test(answer.trim());
  if (!yes && !no) {
    const keep = turn.practices.settings(turn.userKey).keep;
    return {
      kind: 'info',
      text: `${keep === 'yes' ? words.kept_yes : words.kept_no} (/tend keep yes or /tend keep no)`,
    };
  }
  turn.practices.setKeep(turn.userKey, yes ? 'yes' : 'no');
  return { kind: 'info', text: yes ? words.yes_reply : words.no_reply };
}

export function setMemories(turn: Turn, answer: string): Reply {
  const on = !/^(?:no|n|off|stop)$/i.test(answer.trim());
  turn.practices.set(turn.userKey, 'memories', on);
  const words = turn.content.practices.privacy;
  return { kind: 'info', text: on ? words.memories_on : words.memories_off };
}
