import { base32nopad, base64, hex } from "@scure/base";

/*
 * Where KeePass-family apps keep an entry's TOTP, as custom string fields:
 *   - KeePassXC 2.6+ and most others: `otp`, an otpauth:// URI (or a bare base32 seed);
 *   - KeePass 2.47+: `TimeOtp-Secret[-Hex|-Base32|-Base64]` with optional `TimeOtp-Length`, `-Period`, `-Algorithm`;
 *   - KeePassXC before 2.6: `TOTP Seed` with `TOTP Settings` ("period;digits", digits "S" for Steam).
 * The fields read are taken out of the map, so the seed is not also imported as a custom field.
 */

const timeOtpSecretDecoders: Record<string, (value: string) => Uint8Array> = {
  "TimeOtp-Secret": (value) => new TextEncoder().encode(value),
  "TimeOtp-Secret-Hex": (value) => hex.decode(value.replace(/\s/g, "").toLowerCase()),
  "TimeOtp-Secret-Base32": (value) => base32nopad.decode(value.replace(/[\s=]/g, "").toUpperCase()),
  "TimeOtp-Secret-Base64": (value) => base64.decode(value.replace(/\s/g, "")),
};
const timeOtpFields = [...Object.keys(timeOtpSecretDecoders), "TimeOtp-Length", "TimeOtp-Period", "TimeOtp-Algorithm"];
const timeOtpAlgorithms: Record<string, string> = { "HMAC-SHA-1": "SHA1", "HMAC-SHA-256": "SHA256", "HMAC-SHA-512": "SHA512" };

/**
 * Takes the entry's TOTP out of its custom fields: the source's own value when it is one field (`otp`, `TOTP Seed`
 * with default settings), a bare base32 seed for default KeePass parameters, otherwise an otpauth:// URI carrying
 * them (the mapping step decides whether Vaultline supports them). Fields it cannot decode stay where they are.
 */
export function takeTotp(fields: Map<string, string>, title: string | null): string | null {
  const otp = fields.get("otp");
  if (otp) {
    fields.delete("otp");
    return otp;
  }
  return takeTimeOtp(fields, title) ?? takeLegacyKeePassXcTotp(fields, title);
}

function takeTimeOtp(fields: Map<string, string>, title: string | null): string | null {
  const seed = decodeTimeOtpSecret(fields);
  const algorithm = timeOtpAlgorithms[fields.get("TimeOtp-Algorithm") ?? "HMAC-SHA-1"];
  if (!seed || !algorithm) return null;
  const digits = fields.get("TimeOtp-Length") ?? "6";
  const period = fields.get("TimeOtp-Period") ?? "30";
  for (const name of timeOtpFields) fields.delete(name);
  return digits === "6" && period === "30" && algorithm === "SHA1" ? seed : otpauthUri(title, { secret: seed, period, digits, algorithm });
}

/** The KeePass secret as a base32 seed, or null when there is none or it does not decode. */
function decodeTimeOtpSecret(fields: Map<string, string>): string | null {
  for (const [name, decode] of Object.entries(timeOtpSecretDecoders)) {
    const value = fields.get(name);
    if (!value) continue;
    try {
      return base32nopad.encode(decode(value)) || null;
    } catch {
      return null;
    }
  }
  return null;
}

function takeLegacyKeePassXcTotp(fields: Map<string, string>, title: string | null): string | null {
  const seed = fields.get("TOTP Seed");
  if (!seed) return null;
  const [period = "30", digits = "6"] = (fields.get("TOTP Settings") ?? "").split(";").filter(Boolean);
  fields.delete("TOTP Seed");
  fields.delete("TOTP Settings");
  if (period === "30" && digits === "6") return seed;
  const steam = digits === "S";
  return otpauthUri(title, { secret: seed.replace(/\s/g, ""), period, digits: steam ? "5" : digits, ...(steam ? { encoder: "steam" } : {}) });
}

function otpauthUri(title: string | null, parameters: Record<string, string>): string {
  return `otpauth://totp/${encodeURIComponent(title ?? "Imported")}?${new URLSearchParams(parameters)}`;
}
