/** A callbackUrl we may follow: a path on this origin only ("/x", never "//host" or "/\\host" or "http:"). */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/select-workspace"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters (a tab or newline inside "/\t/host") can turn a path into another origin.
  for (const ch of value) if (ch.charCodeAt(0) < 0x20 || ch === "\\") return fallback;
  return value;
}
