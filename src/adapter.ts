import type { Reply } from './engine/types.js';

/**
 * A platform connection (console, Discord, Slack). It turns platform events into engine calls
 * and renders the engine's replies; it never decides what to say.
 */
export interface Adapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops cleanly: closes sockets and servers so the process can exit. */
  stop(): Promise<void>;
  /** Sends replies to a person privately (a DM), for messages Tend starts itself (reminders). */
  sendDirect?(userId: string, replies: Reply[]): Promise<void>;
}
