import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { generate, generateForPolicy, LOOK_ALIKES, POLICY_TARGET_LENGTH, randomIndex } from "@/lib/password-generator";
import { builtInPolicies, characterClasses, checkAgainstPolicy, zPolicyRules, type PolicyRules } from "@/lib/password-policy";
import { wordlist } from "@/lib/wordlist";

const all = { mode: "characters", lowercase: true, uppercase: true, digits: true, symbols: true } as const;
const has = (s: string, set: string) => [...s].some((c) => set.includes(c));

describe("generate (characters)", () => {
  it("gives exactly the requested length, from 4 to 128", () => {
    for (const length of [4, 5, 16, 64, 127, 128]) expect(generate({ ...all, length })).toHaveLength(length);
  });

  it("refuses lengths outside 4–128 and options with no class", () => {
    for (const length of [3, 129, 0, 12.5]) expect(() => generate({ ...all, length })).toThrow(ZodError);
    expect(() => generate({ mode: "characters", length: 12, lowercase: false, uppercase: false, digits: false, symbols: false })).toThrow(
      "Choose at least one kind of character.",
    );
  });

  it("draws only from the enabled classes", () => {
    for (let i = 0; i < 200; i++) {
      expect(generate({ mode: "characters", length: 30, lowercase: false, uppercase: false, digits: true, symbols: false })).toMatch(/^\d{30}$/);
      expect(generate({ mode: "characters", length: 30, lowercase: true, uppercase: true, digits: false, symbols: false })).toMatch(/^[a-zA-Z]{30}$/);
    }
  });

  it("includes a character of every enabled class, even at the shortest length", () => {
    for (let i = 0; i < 2000; i++) {
      const password = generate({ ...all, length: 4 });
      for (const set of Object.values(characterClasses)) expect(has(password, set), password).toBe(true);
    }
  });

  it("places the guaranteed characters anywhere (shuffled), not always first", () => {
    const firstIsDigit = Array.from({ length: 2000 }, () => generate({ ...all, length: 4 })).filter((p) => /^\d/.test(p)).length;
    // Uniform placement gives about a quarter; unshuffled guarantees would give 0 or 2000.
    expect(firstIsDigit).toBeGreaterThan(350);
    expect(firstIsDigit).toBeLessThan(650);
  });

  it("leaves out look-alikes and forbidden characters", () => {
    for (let i = 0; i < 500; i++) {
      const password = generate({ ...all, length: 64, excludeLookAlikes: true, forbiddenCharacters: "\"'\\ab" });
      expect(has(password, LOOK_ALIKES), password).toBe(false);
      expect(has(password, "\"'\\ab"), password).toBe(false);
    }
  });

  it("still guarantees a class when forbidden characters leave one usable character of it", () => {
    const forbidden = "012345678"; // only 9 remains
    for (let i = 0; i < 200; i++) expect(generate({ ...all, length: 8, forbiddenCharacters: forbidden })).toContain("9");
  });

  it("is uniform over the alphabet (a modulo-biased sampler fails this)", () => {
    // 62 symbols: 256 mod 62 = 8, so a random byte taken modulo 62 picks the first 8 characters 25% too often.
    const alphabet = characterClasses.lowercase + characterClasses.uppercase + characterClasses.digits;
    const counts = new Map<string, number>([...alphabet].map((c) => [c, 0]));
    const samples = 1500;
    for (let i = 0; i < samples; i++) {
      const password = generate({ mode: "characters", length: 128, lowercase: true, uppercase: true, digits: true, symbols: false, requireEachClass: false });
      for (const c of password) counts.set(c, counts.get(c)! + 1);
    }
    const expected = (samples * 128) / alphabet.length;
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 61 degrees of freedom: p = 1e-6 at about 128. Byte-modulo bias (5/256 vs 4/256) gives thousands.
    expect(chiSquare).toBeLessThan(130);
    expect(chiSquare).toBeGreaterThan(20);
  });

  it("randomIndex covers [0, n) evenly for a size that does not divide 2^32", () => {
    const n = 3;
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[randomIndex(n)]!++;
    for (const c of counts) expect(Math.abs(c - 20_000)).toBeLessThan(700);
    expect(() => randomIndex(0)).toThrow(RangeError);
  });
});

describe("generate (passphrase)", () => {
  it("ships a word list of at least 1,000 distinct lowercase words", () => {
    expect(wordlist.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(wordlist).size).toBe(wordlist.length);
    for (const word of wordlist) expect(word).toMatch(/^[a-z]{3,9}$/);
  });

  it("joins N words from the list with the separator", () => {
    const words = new Set(wordlist);
    for (let i = 0; i < 200; i++) {
      const parts = generate({ mode: "passphrase", words: 5, separator: "." }).split(".");
      expect(parts).toHaveLength(5);
      for (const part of parts) expect(words.has(part), part).toBe(true);
    }
  });

  it("capitalises each word and adds one digit when asked", () => {
    for (let i = 0; i < 200; i++) {
      const phrase = generate({ mode: "passphrase", words: 4, separator: "-", capitalize: true, includeDigit: true });
      expect(phrase).toMatch(/^([A-Z][a-z]+\d?)(-[A-Z][a-z]+\d?){3}$/);
      expect(phrase.match(/\d/g)).toHaveLength(1);
    }
  });

  it("refuses too few or too many words", () => {
    expect(() => generate({ mode: "passphrase", words: 2, separator: "-" })).toThrow("Use at least 3 words.");
    expect(() => generate({ mode: "passphrase", words: 21, separator: "-" })).toThrow("Use at most 20 words.");
  });
});

describe("checkAgainstPolicy", () => {
  it("names each broken rule and the policy", () => {
    expect(checkAgainstPolicy("short", builtInPolicies.strong)).toEqual([
      { rule: "minLength", message: "Must be at least 16 characters (policy Strong)." },
      { rule: "uppercase", message: "Must contain an uppercase letter (policy Strong)." },
      { rule: "digit", message: "Must contain a digit (policy Strong)." },
      { rule: "symbol", message: "Must contain a symbol (policy Strong)." },
    ]);
    expect(checkAgainstPolicy("x".repeat(129), builtInPolicies.low)).toEqual([
      { rule: "maxLength", message: "Must be at most 128 characters (policy Low)." },
    ]);
    const custom = { ...builtInPolicies.low, name: "Router", forbiddenCharacters: "\"'" };
    expect(checkAgainstPolicy("it's a password", custom)).toEqual([
      { rule: "forbidden", message: "Must not contain any of \" ' (policy Router)." },
    ]);
    expect(checkAgainstPolicy("Correct-Horse-Battery-9", builtInPolicies.strong)).toEqual([]);
    expect(checkAgainstPolicy("ALLUPPERCASE1", builtInPolicies.medium)).toEqual([
      { rule: "lowercase", message: "Must contain a lowercase letter (policy Medium)." },
    ]);
  });

  it("counts code points, so emoji and accents count as one character each", () => {
    expect(checkAgainstPolicy("😀😀😀😀😀😀😀", builtInPolicies.low)).toHaveLength(1);
    expect(checkAgainstPolicy("😀😀😀😀😀😀😀😀", builtInPolicies.low)).toEqual([]);
    expect(checkAgainstPolicy("Ärger-über-1234", builtInPolicies.strong).map((v) => v.rule)).toEqual(["minLength"]);
  });
});

describe("generateForPolicy", () => {
  it("always satisfies every built-in policy", () => {
    for (const policy of Object.values(builtInPolicies)) {
      for (let i = 0; i < 500; i++) {
        const password = generateForPolicy(policy);
        expect(checkAgainstPolicy(password, policy), password).toEqual([]);
        expect(password).toHaveLength(Math.max(policy.minLength, POLICY_TARGET_LENGTH));
      }
    }
  });

  it("always satisfies random valid custom policies", () => {
    const printable = Object.values(characterClasses).join("");
    const int = (lo: number, hi: number) => lo + randomIndex(hi - lo + 1);
    const flag = () => randomIndex(2) === 1;
    let tried = 0;
    while (tried < 300) {
      const minLength = int(4, 128);
      const forbidden = Array.from({ length: int(0, 40) }, () => printable[randomIndex(printable.length)]).join("");
      const parsed = zPolicyRules.safeParse({
        name: `Custom ${tried}`,
        minLength,
        maxLength: int(minLength, 256),
        requireLowercase: flag(),
        requireUppercase: flag(),
        requireDigit: flag(),
        requireSymbol: flag(),
        forbiddenCharacters: forbidden,
        maxAgeDays: null,
        noReuseLast: 0,
      });
      if (!parsed.success) continue; // a random forbidden list may empty a required class: refused, rightly
      tried++;
      const policy: PolicyRules = parsed.data;
      for (let i = 0; i < 20; i++) {
        const password = generateForPolicy(policy);
        expect(checkAgainstPolicy(password, policy), `${password} for ${JSON.stringify(policy)}`).toEqual([]);
      }
    }
  });

  it("honours a policy that leaves a single digit and forbids all quotes", () => {
    const policy = { ...builtInPolicies.strong, name: "Tight", forbiddenCharacters: "012345678\"'`" };
    for (let i = 0; i < 300; i++) expect(checkAgainstPolicy(generateForPolicy(policy), policy)).toEqual([]);
  });
});

describe("zPolicyRules", () => {
  const valid = { ...builtInPolicies.medium, name: "Custom" };
  it("refuses a maximum below the minimum and policies nothing can satisfy", () => {
    const issues = (input: object) => {
      const result = zPolicyRules.safeParse({ ...valid, ...input });
      return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
    };
    expect(issues({ minLength: 20, maxLength: 19 })).toEqual([["maxLength", "Maximum length must be at least the minimum length."]]);
    expect(issues({ forbiddenCharacters: characterClasses.digits })).toEqual([
      ["forbiddenCharacters", "Forbidden characters leave nothing to meet the requirement of a digit."],
    ]);
    expect(issues({})).toEqual([]);
  });
});
