"use client";

import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { PageHeader } from "@/components/ui/page-header";
import { MyNotificationPreferences } from "./my-notification-preferences";
import { NotificationRules } from "./notification-rules";

/** Settings → Notifications: the workspace's rules (admins) and everyone's own preferences. */
export function NotificationsSettings({ tenant }: { tenant: string }) {
  const { role } = useWorkspace();
  return (
    <>
      <PageHeader title="Notifications" description="Email about password activity, expiry, failed rotations and passwords that stopped working." />
      <div className="space-y-6">
        {roleAtLeast(role, "admin") ? <NotificationRules tenant={tenant} /> : null}
        <MyNotificationPreferences tenant={tenant} />
      </div>
    </>
  );
}
