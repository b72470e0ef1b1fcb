import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import {
  createDevice,
  createDeviceInput,
  deviceIdInput,
  getDevice,
  listDevices,
  listDevicesInput,
  setDeviceArchived,
  updateDevice,
  updateDeviceInput,
} from "@/server/services/vault/devices";
import { viewerOf } from "./viewer";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");

export const devicesRouter = router({
  list: tenantProcedure.input(listDevicesInput).query(({ ctx, input }) => listDevices(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input)),
  get: tenantProcedure.input(deviceIdInput).query(({ ctx, input }) => getDevice(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), input.deviceId)),
  create: technician
    .input(createDeviceInput)
    .mutation(({ ctx, input }) => createDevice(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  update: technician
    .input(updateDeviceInput)
    .mutation(({ ctx, input }) => updateDevice(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input)),
  archive: admin
    .input(deviceIdInput)
    .mutation(({ ctx, input }) => setDeviceArchived(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.deviceId, true)),
  unarchive: admin
    .input(deviceIdInput)
    .mutation(({ ctx, input }) => setDeviceArchived(ctx.db, ctx.tenant.tenantId, viewerOf(ctx), ctx.audit, input.deviceId, false)),
});
