/** Where next-themes keeps the person's choice (localStorage), read by its inline script before the first paint. */
export const THEME_STORAGE_KEY = "vaultline-theme";

/** The choices offered in the user menu; "system" follows prefers-color-scheme. */
export const THEME_CHOICES = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;
