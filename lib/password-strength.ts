import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };
/** zxcvbn score (0–4) an account password must reach. */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordAssessment = {
  score: 0 | 1 | 2 | 3 | 4;
  label: "Very weak" | "Weak" | "Fair" | "Strong" | "Very strong";
  /** Why it is weak, if it is: the first thing to fix. */
  problem: string | null;
  acceptable: boolean;
};

const labels = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;

/**
 * Strength of an account password, the same in the browser (live feedback) and on the server (the rule).
 * `related` are words the password must not lean on (the user's name, email, company).
 */
export function assessPassword(password: string, related: string[] = []): PasswordAssessment {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { score: 0, label: "Very weak", problem: `Use at least ${MIN_PASSWORD_LENGTH} characters.`, acceptable: false };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { score: 0, label: "Very weak", problem: `Use at most ${MAX_PASSWORD_LENGTH} characters.`, acceptable: false };
  }
  const result = estimator.check(password.slice(0, 100), related.filter(Boolean));
  const score = result.score;
  const problem =
    score >= MIN_PASSWORD_SCORE
      ? null
      : result.feedback.warning || result.feedback.suggestions[0] || "Add more words or characters that are hard to guess.";
  return { score, label: labels[score] ?? "Very weak", problem, acceptable: score >= MIN_PASSWORD_SCORE };
}
