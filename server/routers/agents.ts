import { z } from "zod";
import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { deviceAgent, requestSecretReissue, revokeAgent } from "@/server/services/agents/device-agents";
import {
  createEnrollmentToken,
  createEnrollmentTokenInput,
  listEnrollmentTokens,
  revokeEnrollmentToken,
} from "@/server/services/agents/enrollment-tokens";

const admin = roleProcedure("admin");
const deviceInput = z.object({ deviceId: z.uuid({ error: "Device id must be a UUID." }) });

/** Device agents: admins manage enrollment tokens and agents; everyone sees a device's agent (no secrets). */
export const agentsRouter = router({
  enrollmentTokens: admin
    .input(z.object({ customerId: z.uuid({ error: "Customer id must be a UUID." }) }))
    .query(({ ctx, input }) => listEnrollmentTokens(ctx.scope, input.customerId)),
  createEnrollmentToken: admin.input(createEnrollmentTokenInput).mutation(({ ctx, input }) => createEnrollmentToken(ctx.scope, input)),
  revokeEnrollmentToken: admin
    .input(z.object({ tokenId: z.uuid({ error: "Token id must be a UUID." }) }))
    .mutation(({ ctx, input }) => revokeEnrollmentToken(ctx.scope, input.tokenId)),
  forDevice: tenantProcedure.input(deviceInput).query(({ ctx, input }) => deviceAgent(ctx.scope, input.deviceId)),
  reissueSecret: admin.input(deviceInput).mutation(({ ctx, input }) => requestSecretReissue(ctx.scope, input.deviceId)),
  revoke: admin.input(deviceInput).mutation(({ ctx, input }) => revokeAgent(ctx.scope, input.deviceId)),
});
