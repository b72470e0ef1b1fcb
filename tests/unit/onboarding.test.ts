import { describe, expect, it } from "vitest";
import { onboardingSteps, type OnboardingFacts } from "@/lib/onboarding";

const nothingYet: OnboardingFacts = { customers: 0, passwords: 0, invitedOthers: false, twoFactorEnabled: false, importsCompleted: 0 };
const ids = (facts: OnboardingFacts, role: Parameters<typeof onboardingSteps>[1]) => onboardingSteps(facts, role).map((step) => step.id);

describe("onboarding steps", () => {
  it("asks each role only what it can do", () => {
    expect(ids(nothingYet, "owner")).toEqual(["customer", "password", "invite", "twoFactor", "import"]);
    expect(ids(nothingYet, "admin")).toEqual(["customer", "password", "invite", "twoFactor", "import"]);
    expect(ids(nothingYet, "technician")).toEqual(["customer", "password", "twoFactor"]);
    expect(ids(nothingYet, "auditor")).toEqual(["twoFactor"]);
    expect(ids(nothingYet, "readonly")).toEqual(["twoFactor"]);
  });

  it("marks each step done by its own fact only", () => {
    const facts: OnboardingFacts = { customers: 3, passwords: 0, invitedOthers: true, twoFactorEnabled: false, importsCompleted: 1 };
    expect(onboardingSteps(facts, "owner")).toEqual([
      { id: "customer", done: true },
      { id: "password", done: false },
      { id: "invite", done: true },
      { id: "twoFactor", done: false },
      { id: "import", done: true },
    ]);
  });
});
