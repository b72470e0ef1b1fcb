import { describe, expect, it } from "vitest";
import { clipboardClearingFor, copiedMessage, shouldClearClipboard } from "@/lib/clipboard-clearing";

describe("clipboard clearing", () => {
  it("checks the clipboard only where reading it is already granted", () => {
    expect(clipboardClearingFor("granted")).toBe("verify");
    expect(clipboardClearingFor("prompt")).toBe("blind");
    expect(clipboardClearingFor("denied")).toBe("blind");
    expect(clipboardClearingFor("unsupported")).toBe("blind");
  });

  it("clears our own secret, or an unreadable clipboard, but leaves what was copied since", () => {
    expect(shouldClearClipboard("s3cret!", "s3cret!")).toBe(true);
    expect(shouldClearClipboard("s3cret!", null)).toBe(true);
    expect(shouldClearClipboard("s3cret!", "an address the technician copied")).toBe(false);
    expect(shouldClearClipboard("s3cret!", "")).toBe(false); // already empty: nothing of ours to clear
    expect(shouldClearClipboard("s3cret!", "s3cret! ")).toBe(false);
  });

  it("says in the toast whether something copied since is spared", () => {
    expect(copiedMessage("verify", 30_000)).toBe("Copied — clears in 30 s unless you copy something else");
    expect(copiedMessage("blind", 30_000)).toMatch(/^Copied — clears in 30 s, even if you copy something else meanwhile/);
  });
});
