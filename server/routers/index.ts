import { router } from "@/server/trpc";
import { accountRouter } from "./account";
import { agentsRouter } from "./agents";
import { apiKeysRouter } from "./api-keys";
import { auditRouter } from "./audit";
import { authRouter } from "./auth";
import { contactsRouter } from "./contacts";
import { credentialGroupsRouter } from "./credential-groups";
import { credentialsRouter } from "./credentials";
import { customersRouter } from "./customers";
import { devicesRouter } from "./devices";
import { exportsRouter } from "./exports";
import { groupsRouter } from "./groups";
import { importsRouter } from "./imports";
import { invitationsRouter } from "./invitations";
import { notificationsRouter } from "./notifications";
import { webhooksRouter } from "./webhooks";
import { policiesRouter } from "./policies";
import { rotationRouter } from "./rotation";
import { searchRouter } from "./search";
import { sharingRouter } from "./sharing";
import { accessRouter } from "./access";
import { ssoRouter } from "./sso";
import { directoryRouter } from "./directory";
import { teamRouter } from "./team";
import { workspaceRouter } from "./workspace";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  invitations: invitationsRouter,
  team: teamRouter,
  workspace: workspaceRouter,
  sso: ssoRouter,
  directory: directoryRouter,
  audit: auditRouter,
  policies: policiesRouter,
  customers: customersRouter,
  contacts: contactsRouter,
  devices: devicesRouter,
  credentials: credentialsRouter,
  rotation: rotationRouter,
  agents: agentsRouter,
  groups: groupsRouter,
  notifications: notificationsRouter,
  webhooks: webhooksRouter,
  sharing: sharingRouter,
  access: accessRouter,
  credentialGroups: credentialGroupsRouter,
  exports: exportsRouter,
  imports: importsRouter,
  search: searchRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
