"use client";

import { useEffect } from "react";
import { EnrollmentTokensCard } from "@/components/agents/enrollment-tokens-card";
import { CustomerPolicySelect } from "@/components/policies/customer-policy-select";
import { CustomerRotationSchedule } from "@/components/rotation/customer-rotation-schedule";
import { CustomerSharingCard } from "@/components/sharing/customer-sharing-card";
import { Card } from "@/components/ui/card";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { roleAtLeast } from "@/lib/validation";

/** The anchor a device page links to ("create an enrollment token under Device agents of its customer"). */
export const DEVICE_AGENTS_ANCHOR = "device-agents";

type CustomerSettingsProps = {
  tenant: string;
  customer: { id: string; name: string; passwordPolicyId: string | null; myLevel: string };
};

/**
 * The administration of one customer, kept off its passwords: password policy, rotation schedule, sharing (admins) and
 * device-agent enrollment (admins). The server refuses what a member may not do; this only hides what would fail.
 */
export function CustomerSettings({ tenant, customer }: CustomerSettingsProps) {
  const isAdmin = roleAtLeast(useWorkspace().role, "admin");
  const words = useTerminology();
  // The panel mounts after the customer loads, too late for the browser's own jump to #device-agents.
  useEffect(() => {
    if (window.location.hash === `#${DEVICE_AGENTS_ANCHOR}`) document.getElementById(DEVICE_AGENTS_ANCHOR)?.scrollIntoView();
  }, []);

  return (
    <div className="max-w-5xl space-y-6">
      <Card title="Password policy" headingLevel={2} description={`The rules new and changed passwords of this ${words.customer.toLowerCase()} must meet.`}>
        <CustomerPolicySelect tenant={tenant} customerId={customer.id} policyId={customer.passwordPolicyId} />
      </Card>
      <CustomerRotationSchedule tenant={tenant} customerId={customer.id} canConfigure={customer.myLevel === "full"} />
      {isAdmin ? <CustomerSharingCard tenant={tenant} customerId={customer.id} customerName={customer.name} /> : null}
      {isAdmin ? (
        <div id={DEVICE_AGENTS_ANCHOR} className="scroll-mt-6">
          <EnrollmentTokensCard tenant={tenant} customerId={customer.id} customerName={customer.name} />
        </div>
      ) : null}
    </div>
  );
}
