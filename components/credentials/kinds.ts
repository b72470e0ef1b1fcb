import type { CredentialKind } from "./types";

type KindForm = {
  label: string;
  /** What the main secret is called for this kind. */
  secretLabel: string;
  /** Keys and certificates are pasted as several lines. */
  multiline: boolean;
  usernameLabel: string;
  /** Custom fields the form offers to add in one click. */
  suggestedFields: { label: string; type: "text" | "secret" }[];
};

/** How the add form adapts to each kind of credential. */
export const kindForms: Record<CredentialKind, KindForm> = {
  password: { label: "Password", secretLabel: "Password", multiline: false, usernameLabel: "Username", suggestedFields: [] },
  ssh_key: {
    label: "SSH key",
    secretLabel: "Private key",
    multiline: true,
    usernameLabel: "Username",
    suggestedFields: [
      { label: "Host", type: "text" },
      { label: "Passphrase", type: "secret" },
    ],
  },
  api_key: {
    label: "API key / token",
    secretLabel: "API key or token",
    multiline: false,
    usernameLabel: "Client id / key id",
    suggestedFields: [{ label: "Scope", type: "text" }],
  },
  pin: { label: "PIN", secretLabel: "PIN", multiline: false, usernameLabel: "Card or account", suggestedFields: [] },
  wifi: {
    label: "Wi-Fi",
    secretLabel: "Wi-Fi password",
    multiline: false,
    usernameLabel: "Username (WPA-Enterprise)",
    suggestedFields: [
      { label: "SSID", type: "text" },
      { label: "Security", type: "text" },
    ],
  },
  database: {
    label: "Database",
    secretLabel: "Password",
    multiline: false,
    usernameLabel: "Database user",
    suggestedFields: [
      { label: "Host", type: "text" },
      { label: "Port", type: "text" },
      { label: "Database", type: "text" },
    ],
  },
  certificate: {
    label: "Certificate",
    secretLabel: "Private key (PEM)",
    multiline: true,
    usernameLabel: "Subject / common name",
    suggestedFields: [
      { label: "Certificate (PEM)", type: "text" },
      { label: "Key passphrase", type: "secret" },
    ],
  },
};

export const kindOptions = (Object.keys(kindForms) as CredentialKind[]).map((value) => ({ value, label: kindForms[value].label }));
