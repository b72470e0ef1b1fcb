import { workspaceRoleAllows } from "@/lib/permissions";
import { roleAtLeast, type MemberRole } from "@/lib/validation";

/** What the home page knows about a workspace's first steps (counts are of what the member may see). */
export type OnboardingFacts = {
  customers: number;
  passwords: number;
  /** Members besides the first, plus invitations still open. */
  invitedOthers: boolean;
  /** The signed-in member's own account. */
  twoFactorEnabled: boolean;
  importsCompleted: number;
};

export type OnboardingStepId = "customer" | "password" | "invite" | "twoFactor" | "import";

export type OnboardingStep = { id: OnboardingStepId; done: boolean };

/**
 * The first-run checklist for this member, in order: only the steps their role can take (a technician is not asked to
 * invite anyone or to import), each done or not. The home page hides the list once every step is done.
 */
export function onboardingSteps(facts: OnboardingFacts, role: MemberRole): OnboardingStep[] {
  const steps: (OnboardingStep & { allowed: boolean })[] = [
    { id: "customer", done: facts.customers > 0, allowed: roleAtLeast(role, "technician") },
    { id: "password", done: facts.passwords > 0, allowed: roleAtLeast(role, "technician") },
    { id: "invite", done: facts.invitedOthers, allowed: workspaceRoleAllows(role, "inviteMembers") },
    { id: "twoFactor", done: facts.twoFactorEnabled, allowed: true },
    { id: "import", done: facts.importsCompleted > 0, allowed: workspaceRoleAllows(role, "importPasswords") },
  ];
  return steps.filter((step) => step.allowed).map(({ id, done }) => ({ id, done }));
}
