/**
 * The workspace settings that bound how fast secrets leave (server/services/vault/secret-access.ts), with the
 * range each may take: the settings form and the server's validation both read this table.
 */
export const secretLimitSettings = {
  secretsPerMemberPerMinute: { label: "Secrets per member per minute", unit: "secrets", min: 10, max: 10_000 },
  secretsPerWorkspacePerMinute: { label: "Secrets per workspace per minute", unit: "secrets", min: 10, max: 100_000 },
  bulkRevealPasswords: { label: "Bulk-reveal alert: passwords", unit: "passwords", min: 5, max: 10_000 },
  bulkRevealMinutes: { label: "Bulk-reveal alert: minutes", unit: "minutes", min: 1, max: 1440 },
} as const;

export type SecretLimitSetting = keyof typeof secretLimitSettings;
export const secretLimitSettingKeys = Object.keys(secretLimitSettings) as SecretLimitSetting[];
