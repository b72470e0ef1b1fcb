/** How long a revealed or copied secret stays visible or on the clipboard. */
export const SECRET_TTL_MS = 30_000;

/**
 * Puts a secret on the clipboard and clears it after `ttlMs`, unless the user has copied something else since.
 * Browsers may refuse to let us read the clipboard back; then we clear it anyway, because a password left on the
 * clipboard is worse than losing an unrelated clip.
 */
export async function copySecret(value: string, ttlMs = SECRET_TTL_MS): Promise<void> {
  await navigator.clipboard.writeText(value);
  window.setTimeout(() => {
    void (async () => {
      try {
        const current = await navigator.clipboard.readText();
        if (current !== value) return;
      } catch {
        // Reading refused (permission, focus): fall through and clear.
      }
      try {
        await navigator.clipboard.writeText("");
      } catch {
        // The page lost focus: nothing more we can do from here.
      }
    })();
  }, ttlMs);
}
