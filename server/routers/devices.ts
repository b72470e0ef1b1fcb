import { roleProcedure, router, tenantProcedure } from "@/server/trpc";
import { createDevice, createDeviceInput, deviceIdInput, listDevices, listDevicesInput, updateDeviceInput } from "@/server/services/vault/devices";
import { filedHolder, setHolderArchived, updateHolder } from "@/server/services/vault/holders";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");

export const devicesRouter = router({
  list: tenantProcedure.input(listDevicesInput).query(({ ctx, input }) => listDevices(ctx.scope, input)),
  get: tenantProcedure.input(deviceIdInput).query(({ ctx, input }) => filedHolder(ctx.scope, "device", input.deviceId)),
  create: technician.input(createDeviceInput).mutation(({ ctx, input }) => createDevice(ctx.scope, input)),
  update: technician
    .input(updateDeviceInput)
    .mutation(({ ctx, input: { deviceId, ...patch } }) => updateHolder(ctx.scope, "device", deviceId, patch)),
  archive: admin.input(deviceIdInput).mutation(({ ctx, input }) => setHolderArchived(ctx.scope, "device", input.deviceId, true)),
  unarchive: admin.input(deviceIdInput).mutation(({ ctx, input }) => setHolderArchived(ctx.scope, "device", input.deviceId, false)),
});
