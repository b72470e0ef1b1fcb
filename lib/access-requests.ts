/** What can happen to an access request (issue #6); each is audited as `access.<change>` and notified. */
export const accessChanges = ["requested", "approved", "queued", "denied", "cancelled", "checked_out", "checked_in", "expired", "revoked"] as const;
export type AccessChange = (typeof accessChanges)[number];

/** A request's status as people read it. */
export const accessStatusLabels = {
  pending: "Waiting for approval",
  queued: "Approved, queued",
  checked_out: "Checked out",
  denied: "Denied",
  cancelled: "Cancelled",
  checked_in: "Checked in",
  expired: "Expired",
  revoked: "Revoked",
} as const;
