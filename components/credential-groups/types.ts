import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;

export type CredentialGroupRow = Outputs["credentialGroups"]["list"][number];
export type CredentialGroupKind = CredentialGroupRow["kind"];
export type CredentialGroupCriteria = NonNullable<CredentialGroupRow["criteria"]>;
