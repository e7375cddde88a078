import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TendEngine } from '../../src/engine/engine.js';
import type { Person, Reply } from '../../src/engine/types.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { Store } from '../../src/storage/store.js';
import { createTestEngine } from '../helpers/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'tend-practices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
/** 2026-03-02 09:00 UTC, a Monday. */
const START = Date.UTC(2026, 2, 2, 9, 0);

/** An engine over a real database file with a clock the test moves. */
async function setup(path = join(dir, `${Math.random().toString(36).slice(2)}.db`)) {
  const clock = { now: START };
  const db = openDatabase(path);
  const engine = await createTestEngine({ store: new Store(db), now: () => clock.now });
  return { engine, db, clock, path };
}

const me: Person = { platform: 'test', userId: 'p1' };
const text = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');
const say = (engine: TendEngine, message: string, person = me) =>
  engine.handleMessage({ person, text: message });
const command = (engine: TendEngine, name: string, args = '', person = me) =>
  engine.handleCommand({ person, name, args, inSharedSpace: false });
const press = (engine: TendEngine, reply: Reply | undefined, label: RegExp, person = me) => {
  const button = reply?.buttons?.find((b) => label.test(b.label));
  expect(button, `no button ${label} on: ${reply?.text}`).toBeDefined();
  return engine.handleAction({ person, actionId: button!.actionId, value: button!.value });
};
const count = (db: Db, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('first contact', () => {
  it('says what Tend is, that it is not therapy, where to get help and what it keeps, once', async () => {
    const { engine } = await setup();
    const first = say(engine, 'hello');
    expect(first[0]?.text).toMatch(/not therapy/);
    expect(first[0]?.text).toMatch(/emergency/);
    expect(first[0]?.text).toMatch(/don't keep what you write/);
    expect(first).toHaveLength(2);
    expect(say(engine, 'hello')).toHaveLength(1);
  });

  it('greets on a first slash command too', async () => {
    const { engine } = await setup();
    const replies = command(engine, 'reframe', "I'm an idiot");
    expect(replies[0]?.text).toMatch(/not therapy/);
    expect(replies[1]?.kind).toBe('reframe');
  });
});

describe('proud notes', () => {
  it('asks once before keeping anything, and keeps the note after a yes', async () => {
    const { engine, db } = await setup();
    say(engine, 'hi');
    const replies = command(engine, 'proud', 'I went for a walk even though it rained');
    expect(replies.map((r) => r.kind)).toEqual(['practice', 'practice']);
    expect(count(db, 'proud_notes')).toBe(0);
    const yes = press(engine, replies[1], /yes/i);
    expect(text(yes)).toMatch(/keep your notes/);
    expect(count(db, 'proud_notes')).toBe(1);
    const history = text(command(engine, 'proud'));
    expect(history).toContain('I went for a walk even though it rained');
    expect(history).toMatch(/streak: 1/);
    // Asked once: the next note is kept without a question.
    expect(command(engine, 'proud', 'I called my sister')).toHaveLength(1);
    expect(count(db, 'proud_notes')).toBe(2);
  });

  it('keeps nothing after a no, and says so', async () => {
    const { engine, db } = await setup();
    say(engine, 'hi');
    const replies = command(engine, 'proud', 'I cooked');
    press(engine, replies[1], /no/i);
    expect(text(command(engine, 'proud', 'I cooked again'))).toMatch(/haven't kept it|not saving/);
    expect(count(db, 'proud_notes')).toBe(0);
  });

  it('hears "I\'m proud that ..." in a DM', async () => {
    const { engine, db } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    const replies = say(engine, "I'm proud that I got out of bed today");
    expect(replies[0]?.kind).toBe('practice');
    expect(db.prepare('SELECT note FROM proud_notes').get()).toEqual({
      note: 'I got out of bed today',
    });
  });

  it("counts a streak of days in the person's time zone, and restarts it after a gap", async () => {
    const { engine, clock } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    for (let day = 0; day < 3; day += 1) {
      clock.now = START + day * DAY;
      command(engine, 'proud', `thing ${day}`);
    }
    expect(text(command(engine, 'proud'))).toMatch(/streak: 3/);
    clock.now = START + 5 * DAY;
    expect(text(command(engine, 'proud', 'after a gap'))).toMatch(/first day in a row/);
  });

  it('brings back an earlier note on a hard day, and never while paused or when memories are off', async () => {
    const { engine, clock } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    command(engine, 'proud', 'I finished the painting');
    clock.now = START + 2 * DAY;
    const hardDay = Array.from({ length: 8 }, () => text(say(engine, "I'm such a failure")));
    expect(hardDay.some((t) => /you were proud that I finished the painting/.test(t))).toBe(true);
    command(engine, 'tend', 'pause');
    const paused = Array.from({ length: 8 }, () => text(say(engine, "I'm such a failure")));
    expect(paused.some((t) => /proud that/.test(t))).toBe(false);
    command(engine, 'tend', 'resume');
    command(engine, 'tend', 'memories off');
    const off = Array.from({ length: 8 }, () => text(say(engine, "I'm such a failure")));
    expect(off.some((t) => /proud that/.test(t))).toBe(false);
  });

  it('never lets a kept note ping anyone when it is shown again', async () => {
    const { engine } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    command(engine, 'proud', 'I told @everyone and <@U123> and <!channel> about it');
    const history = text(command(engine, 'proud'));
    expect(history).not.toMatch(/@everyone|<@U123>|<!channel>/);
    expect(history).toMatch(/told/);
  });
});

describe('check-ins', () => {
  it('offers 1 to 5 as buttons and answers each score without judgement', async () => {
    const { engine } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    const question = command(engine, 'checkin')[0];
    expect(question?.buttons?.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5']);
    const answer = text(press(engine, question, /^2/));
    expect(answer).toMatch(/Low days are part of it/);
    expect(answer).not.toMatch(/should/i);
  });

  it('draws the last 14 days as a sparkline with a week average', async () => {
    const { engine, clock } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    const scores = [1, 3, 5, 4];
    scores.forEach((score, day) => {
      clock.now = START + day * DAY;
      command(engine, 'checkin', `${score} tired`);
    });
    const history = text(command(engine, 'checkin', 'history'));
    expect(history).toContain('··········▁▄█▆');
    expect(history).toMatch(/average: 3\.3 from 4 check-in/);
  });

  it('refuses a score outside 1 to 5 with the right form', async () => {
    const { engine } = await setup();
    expect(text(command(engine, 'checkin', '9'))).toMatch(/number from 1 to 5/);
  });
});

describe('reflections', () => {
  it('walks through the self-compassion break step by step, without reframing in between', async () => {
    const { engine } = await setup();
    say(engine, 'hi');
    expect(text(command(engine, 'reflect', 'break'))).toMatch(/what's hurting/);
    const second = say(engine, "I'm so stupid for missing him");
    expect(second[0]?.kind).toBe('practice');
    expect(text(second)).toMatch(/part of being human/);
    expect(text(say(engine, 'it helps a bit'))).toMatch(/kind thing/);
    expect(text(say(engine, 'you are doing your best'))).toMatch(/Thank you for giving yourself/);
    expect(say(engine, "I'm so stupid")[0]?.kind).toBe('reframe');
  });

  it('can be stopped at any step', async () => {
    const { engine, db } = await setup();
    say(engine, 'hi');
    command(engine, 'reflect', 'teaching');
    say(engine, 'respect');
    expect(text(say(engine, 'stop'))).toMatch(/stop here/);
    expect(count(db, 'reflections')).toBe(0);
  });

  it('resumes after a restart at the step it was on', async () => {
    const first = await setup();
    say(first.engine, 'hi');
    command(first.engine, 'reflect', 'friend');
    say(first.engine, 'I am unlovable');
    first.db.close();
    const again = await setup(first.path);
    expect(text(say(again.engine, 'I would tell them they are loved'))).toMatch(
      /starting with your own name/,
    );
  });

  it('receives an unsent letter without storing a word of it', async () => {
    const { engine, db, path } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    command(engine, 'reflect', 'letter');
    say(engine, 'Dear Sam, quokkaletter9 is what I never said to you.');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = new Database(path, { readonly: true }).serialize();
    expect(raw.includes('quokkaletter9')).toBe(false);
  });
});

describe('reminders', () => {
  it('sends a daily nudge at the local time, once, with a one-tap stop', async () => {
    const { engine, clock } = await setup();
    say(engine, 'hi');
    expect(text(command(engine, 'tend', 'remind walk 07:30 Europe/Dublin'))).toMatch(
      /a morning walk at 07:30 \(Europe\/Dublin\)/,
    );
    // 07:30 in Dublin in early March is 07:30 UTC; the clock starts at 09:00 UTC, so tomorrow.
    expect(engine.dueNudges(START + DAY - 2 * 60 * 60 * 1000)).toHaveLength(0);
    const due = engine.dueNudges(Date.UTC(2026, 2, 3, 7, 30));
    expect(due).toHaveLength(1);
    expect(due[0]?.person).toEqual({ platform: 'test', userId: 'p1' });
    expect(due[0]?.replies[0]?.text).toMatch(/walk/);
    due[0]?.delivered();
    expect(engine.dueNudges(Date.UTC(2026, 2, 3, 7, 31))).toHaveLength(0);
    clock.now = Date.UTC(2026, 2, 3, 8, 0);
    const stop = engine.handleAction({ person: me, actionId: 'stop-reminder', value: 'walk' });
    expect(text(stop)).toMatch(/won't remind you/);
    expect(engine.dueNudges(Date.UTC(2026, 2, 4, 7, 30))).toHaveLength(0);
  });

  it('is sent once across a restart around the due time, and again if the send never happened', async () => {
    const first = await setup();
    say(first.engine, 'hi');
    command(first.engine, 'tend', 'remind tea 21:30 UTC');
    const due = first.engine.dueNudges(Date.UTC(2026, 2, 2, 21, 30));
    expect(due).toHaveLength(1);
    // The process dies after claiming but before the platform accepted the nudge.
    first.db.close();
    const second = await setup(first.path);
    const resent = second.engine.dueNudges(Date.UTC(2026, 2, 2, 21, 31));
    expect(resent).toHaveLength(1);
    resent[0]?.delivered();
    second.db.close();
    const third = await setup(first.path);
    expect(third.engine.dueNudges(Date.UTC(2026, 2, 2, 21, 32))).toHaveLength(0);
    expect(third.engine.dueNudges(Date.UTC(2026, 2, 3, 21, 30))).toHaveLength(1);
  });

  it('waits for the end of quiet hours, and sends nothing while paused', async () => {
    const { engine } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'quiet 22:00 08:00');
    command(engine, 'tend', 'remind proud 23:00 UTC');
    expect(engine.dueNudges(Date.UTC(2026, 2, 2, 23, 0))).toHaveLength(0);
    const due = engine.dueNudges(Date.UTC(2026, 2, 3, 8, 0));
    expect(due).toHaveLength(1);
    due[0]?.delivered();
    command(engine, 'tend', 'pause');
    expect(engine.dueNudges(Date.UTC(2026, 2, 4, 8, 0))).toHaveLength(0);
  });

  it('explains a bad time or time zone', async () => {
    const { engine } = await setup();
    expect(text(command(engine, 'tend', 'remind walk 25:99'))).toMatch(/couldn't read that time/);
    expect(text(command(engine, 'tend', 'remind walk 07:00 Mars/Olympus'))).toMatch(
      /don't know the time zone/,
    );
  });
});

describe("the person's data", () => {
  it('/tend privacy says what is held, in counts', async () => {
    const { engine } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    command(engine, 'proud', 'one');
    command(engine, 'checkin', '3');
    const privacy = text(command(engine, 'tend', 'privacy'));
    expect(privacy).toMatch(/1 proud note\(s\), 1 check-in\(s\), 0 reminder\(s\)/);
    expect(privacy).toMatch(/Keeping notes: yes/);
  });

  it('/tend export returns everything held as a JSON file', async () => {
    const { engine } = await setup();
    say(engine, 'hi');
    command(engine, 'tend', 'keep yes');
    command(engine, 'proud', 'I asked for help');
    command(engine, 'tend', 'remind tea 21:00 UTC');
    const reply = command(engine, 'tend', 'export')[0];
    expect(reply?.attachment?.filename).toBe('tend-export.json');
    const data = JSON.parse(reply?.attachment?.content ?? '{}') as Record<string, unknown[]>;
    expect(data.proud_notes).toEqual([expect.objectContaining({ note: 'I asked for help' })]);
    expect(data.reminders).toHaveLength(1);
    expect(data.person).toHaveLength(1);
  });

  it("/tend forget deletes every row about the person after one confirmation, and nobody else's", async () => {
    const { engine, db } = await setup();
    const other: Person = { platform: 'test', userId: 'p2' };
    for (const who of [me, other]) {
      say(engine, 'hi', who);
      command(engine, 'tend', 'keep yes', who);
      command(engine, 'proud', 'a note', who);
      command(engine, 'checkin', '4 calm', who);
      command(engine, 'tend', 'remind walk 07:00 UTC', who);
      say(engine, "I'm such an idiot", who);
      command(engine, 'reflect', 'break', who);
    }
    const confirm = command(engine, 'tend', 'forget')[0];
    press(engine, confirm, /keep it/i);
    expect(count(db, 'proud_notes')).toBe(2);
    expect(text(press(engine, confirm, /delete everything/i))).toMatch(/deleted everything/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    let checked = 0;
    for (const { name } of tables) {
      const columns = db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === 'user_key')) continue;
      checked += 1;
      expect(
        db.prepare(`SELECT count(*) AS n FROM ${name} WHERE user_key = ?`).get('test:p1'),
        name,
      ).toEqual({ n: 0 });
      expect(
        (
          db.prepare(`SELECT count(*) AS n FROM ${name} WHERE user_key = ?`).get('test:p2') as {
            n: number;
          }
        ).n,
        name,
      ).toBeGreaterThan(0);
    }
    expect(checked).toBeGreaterThanOrEqual(6);
    expect(count(db, 'reminder_deliveries')).toBe(0);
  });

  it('deletes people inactive for the retention period', async () => {
    const { engine, clock, db } = await setup();
    say(engine, 'hi', { platform: 'test', userId: 'old' });
    clock.now = START + 400 * DAY;
    say(engine, 'hi', { platform: 'test', userId: 'recent' });
    expect(engine.forgetInactive(365)).toBe(1);
    expect(db.prepare('SELECT user_key FROM users').all()).toEqual([{ user_key: 'test:recent' }]);
  });
});

describe('when the database cannot be written', () => {
  it('says "please try again" instead of going silent, and still answers a crisis in full', async () => {
    const { path, db } = await setup();
    db.close();
    const readOnly = new Database(path, { readonly: true });
    const engine = await createTestEngine({ store: new Store(readOnly) });
    const saved = say(engine, "I'm proud that I went outside");
    expect(saved).toEqual([{ kind: 'error', text: expect.stringMatching(/couldn't save that/) }]);
    const crisis = say(engine, 'I want to kill myself');
    expect(crisis[0]?.kind).toBe('crisis');
    expect(crisis[0]?.text.split('\n')[0]).toMatch(/988/);
  });
});

describe('first contact in a crisis', () => {
  it('puts the crisis reply first and the welcome after it', async () => {
    const { engine } = await setup();
    const replies = say(engine, 'I want to kill myself');
    expect(replies.map((r) => r.kind)).toEqual(['crisis', 'info']);
    expect(replies[0]?.text.split('\n')[0]).toMatch(/988/);
  });
});
