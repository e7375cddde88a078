/**
 * `npm run load`: Tend under load against the local fakes (127.0.0.1 only), at full size.
 * Slack: 20 people × 100 DMs through the real Bolt HTTP receiver. Discord: a burst of 2,000 DMs
 * through the real discord.js client, with 429s, at Discord's global limit and with it lifted.
 * Exits non-zero if any message was lost, doubled or a rate limit was not obeyed.
 */
import { discordRun, slackRun } from '../tests/reliability/load/runs.js';

const slack = await slackRun({ people: 20, messagesPerPerson: 100 });
console.log(slack.report);
const discord = await discordRun({ people: 200, messagesPerPerson: 10 });
console.log(discord.report);
const unthrottled = await discordRun({ people: 200, messagesPerPerson: 10, liftGlobalLimit: true });
console.log(unthrottled.report);

const failures = [slack.result, discord.result, unthrottled.result].filter(
  (r) =>
    r.lost > 0 ||
    r.doubled > 0 ||
    r.errorLogs > 0 ||
    ('early' in r && (r.early > 0 || r.mismatchedChannels > 0)) ||
    ('unexpectedReplyCounts' in r && r.unexpectedReplyCounts > 0),
);
if (failures.length > 0) {
  console.error(`load: ${failures.length} run(s) lost, doubled or mismatched answers`);
  process.exitCode = 1;
}
