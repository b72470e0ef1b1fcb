import { Badge } from "@/components/ui/badge";
import { notificationEventLabels } from "@/lib/notification-events";
import type { RecipientOptions, RuleRow } from "./rule-row";

/** What a rule listens for, where, and who hears about it, in words. */
export function RuleSummary({ rule, options, customerWord }: { rule: RuleRow; options: RecipientOptions | undefined; customerWord: string }) {
  const events = rule.events.map((e) => (e === "expiring" ? `${notificationEventLabels[e]} (${rule.expiringDays} days)` : notificationEventLabels[e]));
  const memberNames = rule.memberUserIds.map((id) => options?.members.find((m) => m.userId === id)?.name ?? "a former member");
  const groupNames = rule.groupIds.map((id) => options?.groups.find((g) => g.id === id)?.name ?? "a deleted group");
  const recipients = [
    ...(rule.notifyOwner ? ["the owner"] : []),
    ...memberNames,
    ...groupNames.map((g) => `group ${g}`),
    ...rule.extraEmails,
  ];
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{rule.name}</span>
        {rule.enabled ? null : <Badge>Off</Badge>}
        <Badge tone="info">{rule.delivery === "digest" ? "Daily digest" : "Right away"}</Badge>
      </div>
      <p className="text-slate-600">
        {events.join(", ")} · {rule.customerName ? `${customerWord}: ${rule.customerName}` : `Every ${customerWord.toLowerCase()}`}
      </p>
      <p className="text-slate-600">To {recipients.join(", ")}</p>
    </div>
  );
}
