import type { CredentialGroupCriteria } from "./types";

export type TargetKind = NonNullable<CredentialGroupCriteria["targetKinds"]>[number];
export type DeviceTypeCriterion = NonNullable<CredentialGroupCriteria["deviceTypes"]>[number];

/** A dynamic group's criteria as the form edits them: tags as typed (comma-separated), empty meaning "any". */
export type CriteriaDraft = {
  customerIds: string[];
  targetKinds: TargetKind[];
  deviceTypes: DeviceTypeCriterion[];
  tags: string;
  namePattern: string;
  usernamePattern: string;
  domainPattern: string;
};

export const emptyCriteria: CriteriaDraft = { customerIds: [], targetKinds: [], deviceTypes: [], tags: "", namePattern: "", usernamePattern: "", domainPattern: "" };

const tagsOf = (text: string) => [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];

/** The criteria the server takes: only what is set (an empty list or pattern would mean "nothing", not "any"). */
export function toCriteria(d: CriteriaDraft): CredentialGroupCriteria {
  const tags = tagsOf(d.tags);
  return {
    ...(d.customerIds.length ? { customerIds: d.customerIds } : {}),
    ...(d.targetKinds.length ? { targetKinds: d.targetKinds } : {}),
    ...(d.deviceTypes.length ? { deviceTypes: d.deviceTypes } : {}),
    ...(tags.length ? { tags } : {}),
    ...(d.namePattern.trim() ? { namePattern: d.namePattern.trim() } : {}),
    ...(d.usernamePattern.trim() ? { usernamePattern: d.usernamePattern.trim() } : {}),
    ...(d.domainPattern.trim() ? { domainPattern: d.domainPattern.trim() } : {}),
  };
}

export function fromCriteria(c: CredentialGroupCriteria | null | undefined): CriteriaDraft {
  return {
    customerIds: c?.customerIds ?? [],
    targetKinds: c?.targetKinds ?? [],
    deviceTypes: c?.deviceTypes ?? [],
    tags: (c?.tags ?? []).join(", "),
    namePattern: c?.namePattern ?? "",
    usernamePattern: c?.usernamePattern ?? "",
    domainPattern: c?.domainPattern ?? "",
  };
}

export const targetKindLabels = (words: { customer: string; contact: string }): Record<TargetKind, string> => ({
  customer: `Filed on the ${words.customer.toLowerCase()} itself`,
  contact: `Filed on a ${words.contact.toLowerCase()}`,
  device: "Filed on a device",
});
