/**
 * When a copied secret is cleared from the clipboard. We would rather not wipe something else the person copied
 * since, but a password left on the clipboard is worse: so we check only where the browser already lets us read
 * the clipboard back, and otherwise clear whatever is there, and say so when copying.
 */

/** "verify": read the clipboard back and clear only our own secret; "blind": clear whatever is there. */
export type ClipboardClearing = "verify" | "blind";

/** The state of the `clipboard-read` permission, or "unsupported" where the browser cannot tell us. */
export type ClipboardReadPermission = PermissionState | "unsupported";

/**
 * Only an already granted permission lets us check: "prompt" would ask the person out of the blue 30 s later
 * (Safari and Firefox show a paste button), and "denied" or unsupported means we cannot read at all.
 */
export function clipboardClearingFor(readPermission: ClipboardReadPermission): ClipboardClearing {
  return readPermission === "granted" ? "verify" : "blind";
}

/** At the end of the wait: clear when the clipboard still holds our secret, or when it could not be read (`null`). */
export function shouldClearClipboard(copied: string, current: string | null): boolean {
  return current === null || current === copied;
}

/** The toast after copying, which tells the person what will happen to the clipboard. */
export function copiedMessage(clearing: ClipboardClearing, ttlMs: number): string {
  const seconds = Math.round(ttlMs / 1000);
  return clearing === "verify"
    ? `Copied — clears in ${seconds} s unless you copy something else`
    : `Copied — clears in ${seconds} s, even if you copy something else meanwhile (this browser does not let us check)`;
}
