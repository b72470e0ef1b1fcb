/** Share levels, each including the one before it. */
export const shareLevels = ["view", "modify", "full"] as const;
export type ShareLevel = (typeof shareLevels)[number];

export const levelLabels: Record<ShareLevel, string> = { view: "View", modify: "Modify", full: "Full" };

export const levelOptions: { value: ShareLevel; label: string }[] = [
  { value: "view", label: "View — reveal and copy" },
  { value: "modify", label: "Modify — also edit" },
  { value: "full", label: "Full — also share, delete, change rotation" },
];

const rank: Record<ShareLevel, number> = { view: 1, modify: 2, full: 3 };

/** True when `level` grants at least `min` (no level grants nothing). */
export function levelAtLeast(level: ShareLevel | null | undefined, min: ShareLevel): boolean {
  return level ? rank[level] >= rank[min] : false;
}
