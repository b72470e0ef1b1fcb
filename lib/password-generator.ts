import { z } from "zod";
import { allowedCharacters, characterClasses, type CharacterClass, type PolicyRules } from "./password-policy";
import { wordlist } from "./wordlist";

/**
 * Random passwords and passphrases, the same in the browser and on the server (Web Crypto's getRandomValues
 * exists in both). Every choice is uniform: indexes come from rejection sampling, never a bare modulo.
 */

/** Characters people misread for one another in many fonts. */
export const LOOK_ALIKES = "Il1|O0o`'\"";

export const MIN_GENERATED_LENGTH = 4;
export const MAX_GENERATED_LENGTH = 128;
export const MIN_PASSPHRASE_WORDS = 3;
export const MAX_PASSPHRASE_WORDS = 20;

export const zCharacterOptions = z
  .object({
    mode: z.literal("characters"),
    length: z
      .number({ error: "Length must be a number." })
      .int("Length must be a whole number.")
      .min(MIN_GENERATED_LENGTH, `Length must be at least ${MIN_GENERATED_LENGTH}.`)
      .max(MAX_GENERATED_LENGTH, `Length must be at most ${MAX_GENERATED_LENGTH}.`),
    lowercase: z.boolean(),
    uppercase: z.boolean(),
    digits: z.boolean(),
    symbols: z.boolean(),
    excludeLookAlikes: z.boolean().default(false),
    /** At least one character of each enabled class. */
    requireEachClass: z.boolean().default(true),
    forbiddenCharacters: z.string().max(100, "Forbidden characters must be at most 100 characters.").default(""),
  })
  .superRefine((o, ctx) => {
    const pools = classPools(o);
    if (pools.length === 0) {
      ctx.addIssue({ code: "custom", path: ["lowercase"], message: "Choose at least one kind of character." });
    } else if (o.requireEachClass && pools.length > o.length) {
      ctx.addIssue({ code: "custom", path: ["length"], message: `Length must be at least ${pools.length} to include each kind of character.` });
    }
  });

export const zPassphraseOptions = z.object({
  mode: z.literal("passphrase"),
  words: z
    .number({ error: "Number of words must be a number." })
    .int("Number of words must be a whole number.")
    .min(MIN_PASSPHRASE_WORDS, `Use at least ${MIN_PASSPHRASE_WORDS} words.`)
    .max(MAX_PASSPHRASE_WORDS, `Use at most ${MAX_PASSPHRASE_WORDS} words.`),
  separator: z.string().max(3, "Separator must be at most 3 characters.").default("-"),
  capitalize: z.boolean().default(false),
  includeDigit: z.boolean().default(false),
});

export const zGeneratorOptions = z.discriminatedUnion("mode", [zCharacterOptions, zPassphraseOptions], {
  error: "Mode must be characters or passphrase.",
});
export type CharacterOptions = z.input<typeof zCharacterOptions>;
export type PassphraseOptions = z.input<typeof zPassphraseOptions>;
export type GeneratorOptions = z.input<typeof zGeneratorOptions>;

const BUFFER_SIZE = 256;
const buffer = new Uint32Array(BUFFER_SIZE);
let bufferPos = BUFFER_SIZE;

function nextUint32(): number {
  if (bufferPos === BUFFER_SIZE) {
    globalThis.crypto.getRandomValues(buffer);
    bufferPos = 0;
  }
  return buffer[bufferPos++]!;
}

/**
 * A uniform integer in [0, n). Draws below the largest multiple of n under 2^32 map evenly onto [0, n); the
 * few above it are thrown away and drawn again, so no value is favoured (no modulo bias).
 */
export function randomIndex(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError("randomIndex needs 1 ≤ n ≤ 2^32");
  const limit = Math.floor(2 ** 32 / n) * n;
  for (;;) {
    const x = nextUint32();
    if (x < limit) return x % n;
  }
}

function pick(chars: string): string {
  return chars[randomIndex(chars.length)]!;
}

/** Fisher–Yates: every order equally likely. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

type ClassChoice = Pick<CharacterOptions, CharacterClass | "excludeLookAlikes" | "forbiddenCharacters">;

/** The enabled classes' characters after exclusions, empty classes dropped. */
function classPools(o: ClassChoice): string[] {
  const excluded = (o.forbiddenCharacters ?? "") + (o.excludeLookAlikes ? LOOK_ALIKES : "");
  return (Object.keys(characterClasses) as CharacterClass[])
    .filter((cls) => o[cls])
    .map((cls) => allowedCharacters(cls, excluded))
    .filter((pool) => pool.length > 0);
}

function generateCharacters(o: z.output<typeof zCharacterOptions>): string {
  const pools = classPools(o);
  const all = pools.join("");
  const chars = o.requireEachClass ? pools.map(pick) : [];
  while (chars.length < o.length) chars.push(pick(all));
  return shuffle(chars).join("");
}

function generatePassphrase(o: z.output<typeof zPassphraseOptions>): string {
  const words = Array.from({ length: o.words }, () => {
    const word = wordlist[randomIndex(wordlist.length)]!;
    return o.capitalize ? word[0]!.toUpperCase() + word.slice(1) : word;
  });
  if (o.includeDigit) {
    const at = randomIndex(words.length);
    words[at] = words[at]! + pick(characterClasses.digits);
  }
  return words.join(o.separator);
}

/** A fresh random password or passphrase. Throws a ZodError when the options are invalid. */
export function generate(options: GeneratorOptions): string {
  const o = zGeneratorOptions.parse(options);
  return o.mode === "passphrase" ? generatePassphrase(o) : generateCharacters(o);
}

/** The length generateForPolicy aims for when the policy allows it. */
export const POLICY_TARGET_LENGTH = 20;

/**
 * A password that meets the policy: every class the policy allows, at least one of each, none of its
 * forbidden characters, and a length of POLICY_TARGET_LENGTH clamped into the policy's bounds.
 */
export function generateForPolicy(policy: PolicyRules): string {
  const length = Math.min(Math.max(policy.minLength, POLICY_TARGET_LENGTH), policy.maxLength, MAX_GENERATED_LENGTH);
  return generate({
    mode: "characters",
    length,
    lowercase: true,
    uppercase: true,
    digits: true,
    symbols: true,
    requireEachClass: true,
    forbiddenCharacters: policy.forbiddenCharacters,
  });
}
