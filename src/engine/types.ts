/**
 * The engine's platform-neutral vocabulary. Adapters translate platform events into
 * `IncomingMessage` / `CommandInvocation` / `ActionInvocation` and render `Reply` back.
 * Nothing in here knows about Discord or Slack.
 */

export type Platform = 'console' | 'discord' | 'slack' | 'test';

/** Who is talking, on which platform. `userId` is the platform's own id. */
export interface Person {
  platform: Platform;
  userId: string;
  /** BCP 47 locale if the platform knows it (Discord does), e.g. "en-GB". */
  locale?: string;
}

/** A message a person sent Tend directly (a DM or the console). */
export interface IncomingMessage {
  person: Person;
  text: string;
}

/** A slash command, e.g. `/reframe I'm so stupid` → { name: 'reframe', args: "I'm so stupid" }. */
export interface CommandInvocation {
  person: Person;
  name: string;
  /** Everything typed after the command name (for `/tend help`, "help"). */
  args: string;
  /** True when used in a shared space (a server or channel): replies must be private there. */
  inSharedSpace: boolean;
}

/** A button press on one of Tend's replies. */
export interface ActionInvocation {
  person: Person;
  actionId: ActionId;
  /** Opaque value the engine put on the button. */
  value?: string;
}

/** Every button the engine can put on a reply. Adapters pass the id and value back untouched. */
export const ACTION_IDS = [
  'another',
  'why',
  'helped',
  'checkin',
  'consent',
  'forget',
  'stop-reminder',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface ReplyButton {
  actionId: ActionId;
  label: string;
  value?: string;
}

/** What kind of reply this is; adapters may style by it (crisis replies are rendered first-line-bold). */
export type ReplyKind =
  'reframe' | 'crisis' | 'listen' | 'why' | 'info' | 'thanks' | 'practice' | 'nudge' | 'error';

/** One message Tend sends back. Text is plain, already safe to echo (no active mentions). */
export interface Reply {
  kind: ReplyKind;
  text: string;
  buttons?: ReplyButton[];
  /** Only the person who asked may see it (slash commands in shared spaces). */
  ephemeral?: boolean;
  /** A file to send with the reply where the platform allows (the data export). */
  attachment?: { filename: string; content: string };
}
