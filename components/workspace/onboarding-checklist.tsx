"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { useTerminology, type Terminology } from "@/components/shell/use-terminology";
import { buttonClasses } from "@/components/ui/button-classes";
import { linkClasses } from "@/components/ui/link-classes";
import type { OnboardingStep, OnboardingStepId } from "@/lib/onboarding";

type StepText = { title: string; hint: string; href: string; action: string };

function stepText(id: OnboardingStepId, tenant: string, words: Terminology): StepText {
  const customer = words.customer.toLowerCase();
  switch (id) {
    case "customer":
      return { title: `Add your first ${customer}`, hint: `Passwords are filed under ${words.customers.toLowerCase()}, their ${words.contacts.toLowerCase()} and devices.`, href: `/${tenant}/customers`, action: `Open ${words.customers}` };
    case "password":
      return { title: "Save a password", hint: `Open a ${customer} and add its first password: it is encrypted before it is stored.`, href: `/${tenant}/customers`, action: `Open ${words.customers}` };
    case "invite":
      return { title: "Invite a technician", hint: "Each person signs in with their own account, so the audit log says who revealed what.", href: `/${tenant}/settings/team`, action: "Open Team" };
    case "twoFactor":
      return { title: "Turn on two-step verification", hint: "A code from an authenticator app protects your account if your password leaks.", href: "/account/security", action: "Open Security" };
    case "import":
      return { title: "Import from your current tool", hint: "Bring passwords over from Bitwarden, 1Password, KeePass, IT Glue, Hudu and more.", href: `/${tenant}/settings/import`, action: "Open Import" };
  }
}

// Hiding the list is a preference of this browser, not a workspace setting: the list still disappears by itself when done.
const hiddenKey = (tenant: string) => `vaultline:onboarding-hidden:${tenant}`;
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function useHidden(tenant: string): [boolean, () => void] {
  const hidden = useSyncExternalStore(subscribe, () => localStorage.getItem(hiddenKey(tenant)) === "1", () => false);
  const hide = () => {
    localStorage.setItem(hiddenKey(tenant), "1");
    for (const listener of listeners) listener();
  };
  return [hidden, hide];
}

/** The first-run checklist on the home page: what is left to set up, with a link to each place; gone once done. */
export function OnboardingChecklist({ tenant, steps }: { tenant: string; steps: OnboardingStep[] }) {
  const words = useTerminology();
  const [hidden, hide] = useHidden(tenant);
  const done = steps.filter((step) => step.done).length;
  if (hidden || done === steps.length) return null;
  const next = steps.find((step) => !step.done)?.id;

  return (
    <section aria-labelledby="onboarding-heading" className="mb-6 rounded-lg border border-blue-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-4">
        <div>
          <h2 id="onboarding-heading" className="text-base font-semibold text-slate-900">
            Get started
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {done} of {steps.length} done
          </p>
        </div>
        <button type="button" onClick={hide} className={buttonClasses("ghost", "sm")}>
          Hide checklist
        </button>
      </header>
      <div className="px-5 pt-4">
        <progress value={done} max={steps.length} aria-label="Set-up progress" className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-blue-600" />
      </div>
      <ol className="divide-y divide-slate-100 px-5 py-2">
        {steps.map((step) => {
          const text = stepText(step.id, tenant, words);
          return (
            <li key={step.id} className="flex flex-wrap items-center gap-3 py-3">
              <span
                aria-hidden="true"
                className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${step.done ? "bg-green-600 text-white" : "border border-slate-300 text-slate-500"}`}
              >
                {step.done ? "✓" : ""}
              </span>
              <div className="min-w-0 flex-1">
                <p className={`text-sm font-medium ${step.done ? "text-slate-500 line-through" : "text-slate-900"}`}>
                  {text.title}
                  <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
                </p>
                {step.done ? null : <p className="text-sm text-slate-600">{text.hint}</p>}
              </div>
              {step.done ? null : (
                <Link href={text.href} className={step.id === next ? buttonClasses("primary", "sm") : linkClasses}>
                  {text.action}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
