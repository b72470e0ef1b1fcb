import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

/** One row of a credentials list: metadata only, never a secret. */
export type CredentialRow = Outputs["credentials"]["list"]["items"][number];
export type CredentialListPage = Outputs["credentials"]["list"];
export type CredentialChanges = Inputs["credentials"]["update"]["changes"];
export type CredentialTarget = NonNullable<Inputs["credentials"]["list"]["target"]>;
export type CredentialKind = CredentialRow["kind"];
export type NewCredential = Inputs["credentials"]["create"];
/** What a list shows and in which order, without its page: the list's and `locate`'s shared input. */
export type CredentialListQuery = Omit<Inputs["credentials"]["list"], "tenant" | "page" | "pageSize">;
