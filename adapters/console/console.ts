import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Adapter } from '../../src/adapter.js';
import { COMMANDS } from '../../src/engine/commands.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Person, Reply, ReplyButton } from '../../src/engine/types.js';

export interface ConsoleOptions {
  engine: Engine;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Show a prompt and a greeting (a person at a terminal) or just answer lines (piped input). */
  interactive?: boolean;
  userId?: string;
  /** Where `/tend export` files are written (the console has no attachments). */
  exportDir?: string;
}

/**
 * The console adapter: a terminal conversation with the engine, no accounts needed. Lines that
 * start with a slash are the platforms' commands (/reframe, /tend help); typing a button's label
 * presses it.
 */
export function createConsoleAdapter(options: ConsoleOptions): Adapter & { done: Promise<void> } {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const person: Person = {
    platform: 'console',
    userId: options.userId ?? 'you',
    locale: consoleLocale(),
  };
  let lastButtons: ReplyButton[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const lines = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
  });

  const print = (replies: Reply[]) => {
    for (const reply of replies) {
      if (reply.attachment) {
        const path = saveAttachment(reply.attachment, options.exportDir ?? '.');
        output.write(`tend> ${reply.text}\n      Saved to ${path}\n`);
        continue;
      }
      const [first = '', ...rest] = reply.text.split('\n');
      output.write(
        `tend> ${first}\n${rest.map((l) => `      ${l}`).join('\n')}${rest.length ? '\n' : ''}`,
      );
      if (reply.buttons?.length)
        output.write(`      ${reply.buttons.map((b) => `[${b.label}]`).join(' ')}\n`);
    }
    // Buttons stay pressable until a newer reply brings its own, as they do on a platform.
    const buttons = replies.flatMap((r) => r.buttons ?? []);
    if (buttons.length > 0) lastButtons = buttons;
  };

  const answer = (line: string): Reply[] => {
    const text = line.trim();
    if (text === '') return [];
    const pressed = lastButtons.find((b) => b.label.toLowerCase() === text.toLowerCase());
    if (pressed)
      return options.engine.handleAction({
        person,
        actionId: pressed.actionId,
        value: pressed.value,
      });
    const command = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
    if (command && COMMANDS.some((c) => c.name === command[1]?.toLowerCase())) {
      return options.engine.handleCommand({
        person,
        name: (command[1] ?? '').toLowerCase(),
        args: command[2] ?? '',
        inSharedSpace: false,
      });
    }
    return options.engine.handleMessage({ person, text });
  };

  return {
    name: 'console',
    done,
    async start() {
      if (interactive) {
        output.write(
          'Tend: a kind voice for hard days. Not therapy or an emergency service.\n' +
            'Talk to me, or try /reframe <thought>, /tend help. Ctrl+D to leave.\n',
        );
        lines.setPrompt('you> ');
        lines.prompt();
      }
      lines.on('line', (line) => {
        try {
          print(answer(line));
        } catch (error) {
          output.write(
            `tend> Sorry, something went wrong on my side (${(error as Error).name}). Please try again.\n`,
          );
        }
        if (interactive) lines.prompt();
      });
      lines.on('close', () => {
        if (interactive) output.write('\nTake care of yourself.\n');
        finish();
      });
    },
    async stop() {
      lines.close();
    },
    async sendDirect(_userId: string, replies: Reply[]) {
      output.write('\n');
      print(replies);
      if (interactive) lines.prompt();
    },
  };
}

/** Writes an export next to the database, readable only by its owner, and returns the path. */
function saveAttachment(attachment: { filename: string; content: string }, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = resolve(dir, attachment.filename.replace(/\.json$/, `-${stamp}.json`));
  writeFileSync(path, attachment.content, { mode: 0o600 });
  return path;
}

/** The terminal's locale (LANG=en_GB.UTF-8 → en-gb), so crisis lines match the person's country. */
function consoleLocale(): string | undefined {
  const lang = process.env.LC_ALL || process.env.LANG;
  const match = lang ? /^([a-z]{2})_([A-Z]{2})/.exec(lang) : null;
  return match ? `${match[1]}-${match[2]?.toLowerCase()}` : undefined;
}
