import type { ShareLevel } from "./types";

export type { ShareLevel };

export const levelLabels: Record<ShareLevel, string> = { view: "View", modify: "Modify", full: "Full" };

/** Each level includes the one before it. */
export const levelOptions: { value: ShareLevel; label: string }[] = [
  { value: "view", label: "View — reveal and copy" },
  { value: "modify", label: "Modify — also edit" },
  { value: "full", label: "Full — also share, delete, change rotation" },
];
