import { z } from "zod";

/**
 * Password policies, shared by forms (live feedback, the generator) and the server (the rule). Lengths count
 * Unicode code points, so a password of emoji is as long as it looks.
 */

/** The rules of a policy: what the password_policies table stores, minus tenancy and bookkeeping. */
export type PolicyRules = {
  name: string;
  minLength: number;
  maxLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  /** Characters a password may not contain. */
  forbiddenCharacters: string;
  /** Days until a password expires; null for never. */
  maxAgeDays: number | null;
  /** A new password may not repeat any of the last N. */
  noReuseLast: number;
};

export type PolicyRule = "minLength" | "maxLength" | "lowercase" | "uppercase" | "digit" | "symbol" | "forbidden";
export type PolicyViolation = { rule: PolicyRule; message: string };

export const builtInPolicyKeys = ["low", "medium", "strong"] as const;
export type BuiltInPolicyKey = (typeof builtInPolicyKeys)[number];

/** The built-in policies every tenant starts with; Medium is the default. */
export const builtInPolicies: Record<BuiltInPolicyKey, PolicyRules> = {
  low: {
    name: "Low",
    minLength: 8,
    maxLength: 128,
    requireLowercase: false,
    requireUppercase: false,
    requireDigit: false,
    requireSymbol: false,
    forbiddenCharacters: "",
    maxAgeDays: null,
    noReuseLast: 0,
  },
  medium: {
    name: "Medium",
    minLength: 12,
    maxLength: 128,
    requireLowercase: true,
    requireUppercase: true,
    requireDigit: true,
    requireSymbol: false,
    forbiddenCharacters: "",
    maxAgeDays: 365,
    noReuseLast: 3,
  },
  strong: {
    name: "Strong",
    minLength: 16,
    maxLength: 128,
    requireLowercase: true,
    requireUppercase: true,
    requireDigit: true,
    requireSymbol: true,
    forbiddenCharacters: "",
    maxAgeDays: 90,
    noReuseLast: 5,
  },
};
export const DEFAULT_BUILT_IN_POLICY: BuiltInPolicyKey = "medium";

/** The character classes a generated password draws from (printable ASCII, without the space). */
export const characterClasses = {
  lowercase: "abcdefghijklmnopqrstuvwxyz",
  uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  symbols: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
} as const;
export type CharacterClass = keyof typeof characterClasses;

const requiredClasses = [
  { flag: "requireLowercase", cls: "lowercase", rule: "lowercase", noun: "a lowercase letter" },
  { flag: "requireUppercase", cls: "uppercase", rule: "uppercase", noun: "an uppercase letter" },
  { flag: "requireDigit", cls: "digits", rule: "digit", noun: "a digit" },
  { flag: "requireSymbol", cls: "symbols", rule: "symbol", noun: "a symbol" },
] as const;

/** Matches any letter or digit in any script; everything else (punctuation, spaces, emoji) counts as a symbol. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** What a password breaks of a policy, in the order a form should show them; empty when it complies. */
export function checkAgainstPolicy(password: string, policy: PolicyRules): PolicyViolation[] {
  const chars = [...password];
  const of = ` (policy ${policy.name}).`;
  const violations: PolicyViolation[] = [];
  if (chars.length < policy.minLength) {
    violations.push({ rule: "minLength", message: `Must be at least ${policy.minLength} characters${of}` });
  }
  if (chars.length > policy.maxLength) {
    violations.push({ rule: "maxLength", message: `Must be at most ${policy.maxLength} characters${of}` });
  }
  const present = {
    lowercase: chars.some((c) => /\p{Ll}/u.test(c)),
    uppercase: chars.some((c) => /\p{Lu}/u.test(c)),
    digit: chars.some((c) => /\p{Nd}/u.test(c)),
    symbol: chars.some((c) => !LETTER_OR_DIGIT.test(c)),
  };
  for (const { flag, rule, noun } of requiredClasses) {
    if (policy[flag] && !present[rule]) violations.push({ rule, message: `Must contain ${noun}${of}` });
  }
  const forbidden = new Set(policy.forbiddenCharacters);
  if (forbidden.size > 0 && chars.some((c) => forbidden.has(c))) {
    // Names the policy's whole list, never which of the password's characters matched.
    violations.push({ rule: "forbidden", message: `Must not contain any of ${[...forbidden].join(" ")}${of}` });
  }
  return violations;
}

/** The characters of a class that a policy still allows. */
export function allowedCharacters(cls: CharacterClass, forbiddenCharacters: string): string {
  const forbidden = new Set(forbiddenCharacters);
  return [...characterClasses[cls]].filter((c) => !forbidden.has(c)).join("");
}

/** The form's fields of a custom policy, with a message per field (checked together by zPolicyRules). */
export const zPolicyFields = z.object({
  name: z
    .string({ error: "Name is required." })
    .trim()
    .min(1, "Name is required.")
    .max(100, "Name must be at most 100 characters."),
  minLength: z
    .number({ error: "Minimum length must be a number." })
    .int("Minimum length must be a whole number.")
    .min(4, "Minimum length must be at least 4.")
    .max(128, "Minimum length must be at most 128."),
  maxLength: z
    .number({ error: "Maximum length must be a number." })
    .int("Maximum length must be a whole number.")
    .min(4, "Maximum length must be at least 4.")
    .max(256, "Maximum length must be at most 256."),
  requireLowercase: z.boolean({ error: "Say whether a lowercase letter is required." }),
  requireUppercase: z.boolean({ error: "Say whether an uppercase letter is required." }),
  requireDigit: z.boolean({ error: "Say whether a digit is required." }),
  requireSymbol: z.boolean({ error: "Say whether a symbol is required." }),
  forbiddenCharacters: z
    .string({ error: "Forbidden characters must be text." })
    .max(100, "Forbidden characters must be at most 100 characters.")
    .transform((s) => [...new Set(s)].join("")),
  maxAgeDays: z
    .number({ error: "Maximum age must be a number of days, or empty for never." })
    .int("Maximum age must be a whole number of days.")
    .min(1, "Maximum age must be at least 1 day, or empty for never.")
    .max(3650, "Maximum age must be at most 3650 days.")
    .nullable(),
  noReuseLast: z
    .number({ error: "Reuse history must be a number." })
    .int("Reuse history must be a whole number.")
    .min(0, "Reuse history must be 0 or more.")
    .max(24, "Reuse history must be at most 24."),
});

/** The checks across fields: lengths in order, and a policy that some password can meet. */
export function checkPolicyFields(p: z.output<typeof zPolicyFields>, ctx: z.RefinementCtx): void {
  if (p.maxLength < p.minLength) {
    ctx.addIssue({ code: "custom", path: ["maxLength"], message: "Maximum length must be at least the minimum length." });
  }
  // A policy nothing can satisfy would make the generator (and rotation) fail later: refuse it now.
  for (const { flag, cls, noun } of requiredClasses) {
    if (p[flag] && allowedCharacters(cls, p.forbiddenCharacters) === "") {
      ctx.addIssue({
        code: "custom",
        path: ["forbiddenCharacters"],
        message: `Forbidden characters leave nothing to meet the requirement of ${noun}.`,
      });
      return;
    }
  }
  const usable = (Object.keys(characterClasses) as CharacterClass[]).some((cls) => allowedCharacters(cls, p.forbiddenCharacters) !== "");
  if (!usable) {
    ctx.addIssue({ code: "custom", path: ["forbiddenCharacters"], message: "Forbidden characters must leave at least one class of characters allowed." });
  }
}

export const zPolicyRules = zPolicyFields.superRefine(checkPolicyFields);
