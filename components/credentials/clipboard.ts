import { clipboardClearingFor, copiedMessage, shouldClearClipboard, type ClipboardClearing, type ClipboardReadPermission } from "@/lib/clipboard-clearing";

/** How long a revealed or copied secret stays visible or on the clipboard. */
export const SECRET_TTL_MS = 30_000;

/**
 * Puts a secret on the clipboard and clears it after `ttlMs` (see lib/clipboard-clearing.ts for when). Returns the
 * toast to show, which says how it will be cleared.
 */
export async function copySecret(value: string, ttlMs = SECRET_TTL_MS): Promise<string> {
  await navigator.clipboard.writeText(value);
  const clearing = clipboardClearingFor(await clipboardReadPermission());
  window.setTimeout(() => void whenFocused(() => clearIfStillOurs(value, clearing)), ttlMs);
  return copiedMessage(clearing, ttlMs);
}

async function clipboardReadPermission(): Promise<ClipboardReadPermission> {
  try {
    // "clipboard-read" is not in TypeScript's PermissionName list, though Chromium answers it.
    const status = await navigator.permissions.query({ name: "clipboard-read" as PermissionName });
    return status.state;
  } catch {
    return "unsupported"; // Firefox and Safari throw for a permission name they do not know
  }
}

/** Browsers refuse clipboard access to a page without focus, so a clear due while away waits for the return. */
function whenFocused(run: () => Promise<void>): Promise<void> {
  if (document.hasFocus()) return run();
  return new Promise((resolve) => window.addEventListener("focus", () => void run().then(resolve), { once: true }));
}

async function clearIfStillOurs(value: string, clearing: ClipboardClearing): Promise<void> {
  let current: string | null = null;
  if (clearing === "verify") {
    try {
      current = await navigator.clipboard.readText();
    } catch {
      // Read refused after all (the permission was withdrawn): clear, as for a browser that cannot check.
    }
  }
  if (!shouldClearClipboard(value, current)) return;
  try {
    await navigator.clipboard.writeText("");
  } catch {
    // Focus lost again between the check and the write: nothing more a page can do.
  }
}
