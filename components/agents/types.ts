import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;

export type DeviceAgent = NonNullable<Outputs["agents"]["forDevice"]>;
export type AgentStatus = NonNullable<DeviceAgent["status"]>;
export type EnrollmentToken = Outputs["agents"]["enrollmentTokens"][number];
export type CreatedEnrollmentToken = Outputs["agents"]["createEnrollmentToken"];
