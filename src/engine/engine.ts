import type { Content } from '../content/load.js';
import { Detector, type Analysis } from '../detect/detector.js';
import type { Logger } from '../logger.js';
import {
  checkinHistory,
  checkinQuestion,
  parseCheckin,
  recordCheckin,
} from '../practices/checkin.js';
import { PendingEntries } from '../practices/consent.js';
import {
  exportData,
  forget,
  forgetQuestion,
  privacySummary,
  setKeep,
  setMemories,
  setPaused,
} from '../practices/privacy.js';
import {
  proudHistory,
  proudMemory,
  proudNoteIn,
  recordProud,
  streakText,
} from '../practices/proud.js';
import { continueReflection, listReflections, startReflection } from '../practices/reflections.js';
import {
  nudgeReplies,
  quietCommand,
  remindCommand,
  REMINDER_GRACE_MS,
  stopReminder,
  timezoneCommand,
  type DueNudge,
} from '../practices/reminders.js';
import { nextOccurrence } from '../practices/time.js';
import { today, type Turn } from '../practices/turn.js';
import { PracticeStore } from '../storage/practice-store.js';
import type { Store } from '../storage/store.js';
import { COMMANDS, parseSubcommand } from './commands.js';
import { converse } from './conversation.js';
import { chooseCountry } from './country.js';
import { crisisCountry, crisisReply } from './crisis.js';
import { pick, seededRandom } from './random.js';
import { FloodGuard, type FloodLimit } from './flood.js';
import { Reframer } from './reframing.js';
import type {
  ActionInvocation,
  CommandInvocation,
  IncomingMessage,
  Person,
  Platform,
  Reply,
} from './types.js';

/** What every platform talks to. Synchronous: detection and SQLite are both fast and local. */
export interface Engine {
  handleMessage(message: IncomingMessage): Reply[];
  handleCommand(command: CommandInvocation): Reply[];
  handleAction(action: ActionInvocation): Reply[];
  /** What a home screen shows a person (Slack's App Home): read only, changes nothing. */
  overview(person: Person): Overview;
}

export interface Overview {
  about: string;
  privacy: string;
  /** The person's own streak and check-ins, when they keep them; empty otherwise. */
  practices: string;
}

/** Where the scheduler gets reminders due now, claimed for sending; confirm each with `delivered()`. */
export interface NudgeSource {
  dueNudges(now?: number): DueNudge[];
  forgetInactive(days: number): number;
}

export interface EngineOptions {
  content: Content;
  store: Store;
  logger?: Logger;
  /** Crisis country when neither the person nor their locale says (TEND_DEFAULT_COUNTRY). */
  defaultCountry?: string;
  /** Injected so tests control time. */
  now?: () => number;
  /**
   * Per-person flood control; 20 messages in 10 s by default. Raised only where many messages
   * from one person are expected on purpose (load runs); crisis messages are never held back.
   */
  flood?: FloodLimit;
}

export function userKeyOf(person: Person): string {
  return `${person.platform}:${person.userId}`;
}

export function personOf(userKey: string): Person {
  const at = userKey.indexOf(':');
  return { platform: userKey.slice(0, at) as Platform, userId: userKey.slice(at + 1) };
}

/** A failure of the database (locked, full, read-only); the person hears "please try again". */
function isStorageError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'SqliteError' || /^SQLITE_/.test(String((error as { code?: unknown }).code)))
  );
}

export class TendEngine implements Engine, NudgeSource {
  private readonly detector: Detector;
  private readonly reframer: Reframer;
  private readonly practices: PracticeStore;
  private readonly pending = new PendingEntries();
  private readonly flood: FloodGuard;
  private readonly now: () => number;

  constructor(private readonly options: EngineOptions) {
    this.flood = new FloodGuard(options.flood);
    this.detector = new Detector(options.content);
    this.reframer = new Reframer(options.content, options.store);
    this.practices = new PracticeStore(options.store.db);
    this.now = options.now ?? Date.now;
  }

  get content(): Content {
    return this.options.content;
  }

  analyze(text: string): Analysis {
    return this.detector.analyze(text);
  }

  handleMessage(message: IncomingMessage): Reply[] {
    const started = performance.now();
    const analysis = this.detector.analyze(message.text);
    if (analysis.kind !== 'crisis') {
      const decision = this.flood.admit(userKeyOf(message.person), this.now());
      if (decision !== 'answer') {
        this.log('flood', message.person, analysis, started);
        return decision === 'warn'
          ? [{ kind: 'info', text: this.options.content.conversation.flood }]
          : [];
      }
    }
    const replies = this.guarded(message.person, analysis, () => {
      const turn = this.begin(message.person);
      return this.withWelcome(turn, this.answerMessage(turn, message.text, analysis));
    });
    this.log('message', message.person, analysis, started);
    return replies;
  }

  handleCommand(command: CommandInvocation): Reply[] {
    const started = performance.now();
    const analysis = command.name === 'reframe' ? this.detector.analyze(command.args) : undefined;
    const replies = this.guarded(command.person, analysis, () => {
      const turn = this.begin(command.person);
      return this.withWelcome(turn, this.answerCommand(turn, command, analysis));
    });
    this.log('command', command.person, analysis, started, command.name);
    return command.inSharedSpace ? replies.map((r) => ({ ...r, ephemeral: true })) : replies;
  }

  handleAction(action: ActionInvocation): Reply[] {
    this.options.logger?.info({
      event: 'action',
      platform: action.person.platform,
      action: action.actionId,
    });
    return this.guarded(action.person, undefined, () =>
      this.answerAction(this.begin(action.person), action),
    );
  }

  overview(person: Person): Overview {
    const userKey = userKeyOf(person);
    const turn = this.turnFor(person, userKey, this.options.store.getUser(userKey)?.turns ?? 0);
    const kept = this.practices.settings(userKey).keep === 'yes';
    return {
      about: this.options.content.conversation.about_text,
      privacy: privacySummary(turn).text,
      practices: kept ? `${proudHistory(turn).text}\n\n${checkinHistory(turn)}` : '',
    };
  }

  dueNudges(now = this.now()): DueNudge[] {
    const claimed = this.practices.claimDueReminders(
      now,
      (reminder) => {
        const settings = this.practices.settings(reminder.userKey);
        return nextOccurrence(now, reminder.localTime, settings.timezone ?? 'UTC', settings.quiet);
      },
      REMINDER_GRACE_MS,
    );
    const nudges: DueNudge[] = [];
    for (const { reminder, dueAt } of claimed) {
      const delivered = () => this.practices.markDelivered(reminder.id, dueAt, this.now());
      // Paused people get nothing; the due time is used up rather than sent later.
      if (this.practices.settings(reminder.userKey).paused) {
        delivered();
        continue;
      }
      const person = personOf(reminder.userKey);
      nudges.push({
        person,
        replies: nudgeReplies(this.turnFor(person, reminder.userKey, 0), reminder.ritualId),
        delivered,
      });
    }
    return nudges;
  }

  /** The retention job: deletes everyone inactive for `days`. Returns how many people. */
  forgetInactive(days: number): number {
    const removed = this.practices.forgetInactive(this.now() - days * 86_400_000);
    this.options.logger?.info({ event: 'retention', removed, days });
    return removed;
  }

  /**
   * Runs one answer in one transaction, so a database failure part-way leaves nothing of the
   * turn written. A failure must never silence Tend: a crisis still gets its resources (built
   * without writing), anything else a short "please try again".
   */
  private guarded(person: Person, analysis: Analysis | undefined, answer: () => Reply[]): Reply[] {
    try {
      // Immediate: every turn writes, so take the write lock (waiting up to busy_timeout) first.
      return this.options.store.db.transaction(answer).immediate();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      this.options.logger?.error({
        event: 'storage-error',
        platform: person.platform,
        code: (error as { code?: string }).code,
      });
      if (analysis?.kind === 'crisis') return [this.crisisWithoutStorage(person, analysis)];
      return [{ kind: 'error', text: this.options.content.practices.privacy.save_failed }];
    }
  }

  private begin(person: Person): Turn {
    const userKey = userKeyOf(person);
    const user = this.options.store.touchUser(userKey, person.platform, this.now());
    return this.turnFor(person, userKey, user.turns);
  }

  private turnFor(person: Person, userKey: string, turns: number): Turn {
    return {
      person,
      userKey,
      now: this.now(),
      seed: `${userKey}:${turns}`,
      content: this.options.content,
      store: this.options.store,
      practices: this.practices,
    };
  }

  /**
   * The first thing anyone hears from Tend: what it is, what it is not, what it keeps. It comes
   * before the answer, except when the answer is a crisis reply: a way to reach a person first.
   */
  private withWelcome(turn: Turn, answer: Reply[]): Reply[] {
    if (this.practices.settings(turn.userKey).welcomed) return answer;
    this.practices.set(turn.userKey, 'welcomed', true);
    const welcome: Reply = { kind: 'info', text: this.options.content.practices.welcome };
    return answer[0]?.kind === 'crisis' ? [...answer, welcome] : [welcome, ...answer];
  }

  private answerMessage(turn: Turn, text: string, analysis: Analysis): Reply[] {
    if (analysis.kind === 'crisis') {
      this.practices.endReflection(turn.userKey);
      return [this.crisis(turn, analysis)];
    }
    const reflecting = continueReflection(turn, text);
    if (reflecting) return [reflecting];
    const note = proudNoteIn(text);
    if (note) return recordProud(turn, note, this.pending);
    if (analysis.kind === 'harsh') return [this.reframeWithMemory(turn, analysis)];
    return converse(turn, text, this.reframer);
  }

  private answerCommand(
    turn: Turn,
    command: CommandInvocation,
    analysis: Analysis | undefined,
  ): Reply[] {
    const args = command.args.trim();
    switch (command.name) {
      case 'reframe':
        if (args === '')
          return [
            {
              kind: 'info',
              text: "Tell me the thought, for example: /reframe I'm so stupid for falling for him",
            },
          ];
        if (analysis?.kind === 'crisis') return [this.crisis(turn, analysis)];
        if (analysis?.kind === 'harsh')
          return [this.reframer.reframe(turn.userKey, analysis.hits, turn.seed, turn.now)];
        return [
          {
            kind: 'listen',
            text: `I didn't notice a harsh thought about yourself in that. ${pick(this.options.content.conversation.gentle_questions, seededRandom(turn.seed))}`,
          },
        ];
      case 'proud':
        return args === '' ? [proudHistory(turn)] : recordProud(turn, args, this.pending);
      case 'checkin': {
        if (args === '') return [checkinQuestion(turn)];
        if (args === 'history') return [{ kind: 'practice', text: checkinHistory(turn) }];
        const parsed = parseCheckin(args);
        if (!parsed)
          return [{ kind: 'practice', text: this.options.content.practices.checkin.invalid }];
        return recordCheckin(turn, parsed.score, parsed.word, this.pending);
      }
      case 'reflect':
        return [args === '' ? listReflections(turn) : startReflection(turn, args)];
      default:
        return [this.tendCommand(turn, args)];
    }
  }

  private tendCommand(turn: Turn, args: string): Reply {
    const definition = COMMANDS.find((c) => c.name === 'tend');
    const { subcommand, rest } = definition
      ? parseSubcommand(definition, args)
      : { subcommand: 'help', rest: '' };
    const words = this.options.content.conversation;
    switch (subcommand) {
      case 'about':
        return { kind: 'info', text: words.about_text };
      case 'privacy':
        return privacySummary(turn);
      case 'export':
        return exportData(turn);
      case 'forget':
        return forgetQuestion(turn);
      case 'pause':
        return setPaused(turn, true);
      case 'resume':
        return setPaused(turn, false);
      case 'keep':
        return this.keep(turn, rest);
      case 'memories':
        return setMemories(turn, rest);
      case 'remind':
        return remindCommand(turn, rest);
      case 'timezone':
        return timezoneCommand(turn, rest);
      case 'quiet':
        return quietCommand(turn, rest);
      case 'country':
        return chooseCountry(turn, rest);
      default:
        return { kind: 'info', text: words.help_text };
    }
  }

  private answerAction(turn: Turn, action: ActionInvocation): Reply[] {
    switch (action.actionId) {
      case 'another':
        return [this.reframer.another(turn.userKey, turn.seed, turn.now)];
      case 'why':
        return [this.reframer.why(turn.userKey)];
      case 'helped': {
        const reframeId = action.value ?? this.options.store.lastReply(turn.userKey)?.reframeId;
        if (reframeId) this.options.store.recordHelped(reframeId);
        return [{ kind: 'thanks', text: this.options.content.conversation.helped_reply }];
      }
      case 'checkin': {
        const parsed = parseCheckin(action.value ?? '');
        if (!parsed) return [checkinQuestion(turn)];
        return recordCheckin(turn, parsed.score, undefined, this.pending);
      }
      case 'consent':
        return [this.keep(turn, action.value ?? '')];
      case 'forget': {
        const reply = forget(turn, action.value === 'confirm');
        if (action.value === 'confirm') this.reframer.forgetWord(turn.userKey);
        return [reply];
      }
      case 'stop-reminder':
        return [stopReminder(turn, action.value ?? '')];
    }
  }

  /** Records the yes or no to keeping notes, and saves what waited for it if the answer is yes. */
  private keep(turn: Turn, answer: string): Reply {
    const reply = setKeep(turn, answer);
    const waiting = this.pending.take(turn.userKey);
    if (this.practices.settings(turn.userKey).keep !== 'yes') return reply;
    let proudSaved = false;
    try {
      for (const entry of waiting) {
        if (entry.kind === 'proud') {
          this.practices.addProudNote(turn.userKey, entry.note, today(turn), turn.now);
          proudSaved = true;
        } else {
          this.practices.addCheckin(turn.userKey, entry.score, entry.word, today(turn), turn.now);
        }
      }
    } catch (error) {
      // The turn is rolled back; the notes wait again, so a second yes can still save them.
      this.pending.restore(turn.userKey, waiting);
      throw error;
    }
    return proudSaved ? { ...reply, text: `${reply.text} ${streakText(turn)}` } : reply;
  }

  /** A reframe; on a hard day, sometimes with one of the person's own earlier proud notes. */
  private reframeWithMemory(turn: Turn, analysis: Analysis): Reply {
    const reply = this.reframer.reframe(turn.userKey, analysis.hits, turn.seed, turn.now);
    if (reply.kind !== 'reframe' || seededRandom(`${turn.seed}:remember`) > 0.5) return reply;
    const memory = proudMemory(turn);
    return memory ? { ...reply, text: `${reply.text}\n\n${memory}` } : reply;
  }

  private crisis(turn: Turn, analysis: Analysis): Reply {
    const crisisHits = analysis.hits.filter((h) => h.kind === 'crisis');
    this.options.store.recordReply(
      turn.userKey,
      {
        ruleIds: crisisHits.map((h) => h.ruleId),
        categoryId: crisisHits[0]?.categoryId ?? 'crisis',
      },
      turn.now,
    );
    return this.crisisReplyFor(
      turn.person,
      analysis,
      this.options.store.getUser(turn.userKey)?.country,
      turn.seed,
    );
  }

  private crisisWithoutStorage(person: Person, analysis: Analysis): Reply {
    // A locked or full database can usually still be read: keep the country the person chose.
    let chosen: string | undefined;
    try {
      chosen = this.options.store.getUser(userKeyOf(person))?.country;
    } catch {
      // Unreadable too: the locale or default country is still a way to reach a person.
    }
    return this.crisisReplyFor(person, analysis, chosen, `${userKeyOf(person)}:crisis`);
  }

  private crisisReplyFor(
    person: Person,
    analysis: Analysis,
    chosen: string | undefined,
    seed: string,
  ): Reply {
    const content = this.options.content;
    const country = crisisCountry(content.crisis, {
      chosen,
      locale: person.locale,
      configuredDefault: this.options.defaultCountry,
    });
    const crisisHits = analysis.hits.filter((h) => h.kind === 'crisis');
    const abuse = crisisHits.length > 0 && crisisHits.every((h) => h.categoryId === 'abuse');
    return crisisReply(content.crisis, content.conversation.crisis, {
      country,
      abuse,
      random: seededRandom(seed),
    });
  }

  private log(
    event: string,
    person: Person,
    analysis: Analysis | undefined,
    started: number,
    command?: string,
  ) {
    this.options.logger?.info({
      event,
      platform: person.platform,
      ...(command ? { command } : {}),
      kind: analysis?.kind,
      rules: analysis?.hits.map((h) => h.ruleId),
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  }
}
