import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

/** What can be shared: one password, everything of a customer, or a credential group. */
export type ShareSubject = { type: "credential" | "customer" | "credential_group"; id: string };
/** One grant, with where it comes from (`via`) and who holds it. */
export type ShareRow = Outputs["sharing"]["listForCustomer"][number];
export type ShareLevel = ShareRow["level"];
export type GranteeInput = Inputs["sharing"]["shareCredential"]["grantee"];
