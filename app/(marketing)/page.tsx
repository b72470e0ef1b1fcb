import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";

const features = [
  {
    title: "Filed where technicians look",
    body: "Every credential belongs to a customer, and can be pinned to a contact, an agent device or a switch, printer, firewall or cloud console.",
  },
  {
    title: "Encrypted per workspace",
    body: "Each MSP workspace has its own data key; every secret is sealed with AES-256-GCM and bound to its row, so it cannot be moved or replayed.",
  },
  {
    title: "Audited end to end",
    body: "Sign-ins, reveals, edits, shares and settings land in a tamper-evident, hash-chained audit log your auditors can filter and export.",
  },
  {
    title: "Built for teams",
    body: "Owners, admins, technicians and auditors, with two-factor sign-in that a workspace can require, and session limits you set.",
  },
] as const;

export default function LandingPage() {
  return (
    <div className="mx-auto max-w-5xl">
      <section className="py-10 text-center sm:py-16">
        <p className="text-sm font-semibold tracking-wide text-blue-700 uppercase">Password manager for MSPs</p>
        <h1 className="mx-auto mt-3 max-w-3xl text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">
          Your customers&apos; passwords, organised the way your service desk works.
        </h1>
        <p className="mx-auto mt-5 max-w-2xl text-lg text-slate-600">
          Vaultline keeps every customer&apos;s credentials in one multitenant vault: find them on the customer or device
          page, reveal or copy them with an audit trail, and control who sees what.
        </p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Link href="/signup" className={buttonClasses("primary", "md", "px-6 py-3 text-base")}>
            Sign up — create your workspace
          </Link>
          <Link href="/login" className={buttonClasses("secondary", "md", "px-6 py-3 text-base")}>
            Sign in
          </Link>
        </div>
      </section>
      <section aria-labelledby="features-heading" className="pb-10">
        <h2 id="features-heading" className="sr-only">
          What Vaultline does
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {features.map((f) => (
            <li key={f.title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <h3 className="font-semibold text-slate-900">{f.title}</h3>
              <p className="mt-2 text-sm text-slate-600">{f.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
