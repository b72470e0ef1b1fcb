import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type RotationOverview = Outputs["rotation"]["overview"];
export type RotationTarget = NonNullable<RotationOverview["target"]>;
export type RotationSchedule = NonNullable<RotationOverview["schedule"]>;
export type RotationRun = Outputs["rotation"]["runs"]["items"][number];
export type RunStatus = RotationRun["status"];
export type RunKind = RotationRun["kind"];
export type ScheduleScope = Inputs["rotation"]["schedule"]["scope"];
export type ConnectorKind = Inputs["rotation"]["setTarget"]["connector"];
