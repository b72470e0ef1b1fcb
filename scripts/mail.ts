/**
 * `npm run mail [-- --to <address>] [-- --limit <n>]`: prints the newest account mail (sign-up, password reset and
 * invitation links, security notices) that the server kept for its operator because no email provider is set up.
 * It reads the server's directory (VAULTLINE_MAIL_DIR, else mail/ in the data directory) and prints the oldest of
 * those messages first, so the newest one ends up just above the prompt.
 */
import { parseArgs } from "node:util";
import { readMailbox } from "@/server/email/mailbox";
import { userMailDelivery, userMailDir } from "@/server/email/send-email";

const { values } = parseArgs({
  options: { to: { type: "string" }, limit: { type: "string", short: "n", default: "10" } },
});
const limit = Number(values.limit);
if (!Number.isInteger(limit) || limit < 1) {
  console.error("--limit must be a whole number above 0.");
  process.exit(2);
}
if (userMailDelivery().kind === "resend") {
  console.error("RESEND_API_KEY is set: account mail goes through Resend and is not kept here. Older messages follow, if any.");
}
const dir = userMailDir();
const messages = await readMailbox(dir, { to: values.to, limit });
if (messages.length === 0) console.log(`No account mail${values.to ? ` to ${values.to}` : ""} in ${dir}.`);
for (const message of messages.reverse()) {
  console.log([`── ${message.at}  to ${message.to}`, `Subject: ${message.subject}`, "", message.text, ""].join("\n"));
}
