import { router } from "@/server/trpc";
import { accountRouter } from "./account";
import { auditRouter } from "./audit";
import { authRouter } from "./auth";
import { invitationsRouter } from "./invitations";
import { teamRouter } from "./team";
import { workspaceRouter } from "./workspace";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  invitations: invitationsRouter,
  team: teamRouter,
  workspace: workspaceRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
