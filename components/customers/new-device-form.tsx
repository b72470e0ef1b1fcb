"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { deviceTypeLabels, deviceTypes, type DeviceType } from "./device-labels";

const typeOptions = deviceTypes.map((t) => ({ value: t, label: deviceTypeLabels[t] }));

type DeviceFields = { id: string; name: string; type: DeviceType; hostname: string; ipAddress: string; notes: string };

/** Adds a non-agent device (switch, printer, console…; agent devices appear when their agent enrolls); with `device`, edits it. */
export function NewDeviceForm({ tenant, customerId, onDone, device }: { tenant: string; customerId: string; onDone: () => void; device?: DeviceFields }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(device?.name ?? "");
  const [type, setType] = useState<DeviceType>(device?.type ?? "network");
  const [hostname, setHostname] = useState(device?.hostname ?? "");
  const [ipAddress, setIpAddress] = useState(device?.ipAddress ?? "");
  const [notes, setNotes] = useState(device?.notes ?? "");
  const [missing, setMissing] = useState<string | null>(null);
  const create = useMutation(
    trpc.devices.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.devices.list.pathFilter());
        onDone();
      },
    }),
  );
  const update = useMutation(
    trpc.devices.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([queryClient.invalidateQueries(trpc.devices.pathFilter()), queryClient.invalidateQueries(trpc.credentials.list.pathFilter())]);
        onDone();
      },
    }),
  );
  const mutation = device ? update : create;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) return setMissing("Name is required.");
    setMissing(null);
    if (device) update.mutate({ tenant, deviceId: device.id, name, type, hostname, ipAddress, notes });
    else create.mutate({ tenant, customerId, name, type, hostname, ipAddress, notes });
  }
  const errors = fieldErrorsOf(mutation.error);
  const shown = ["name", "type", "hostname", "ipAddress", "notes"].some((f) => errors[f]);
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="device-name" label="Name" data-autofocus value={name} onChange={(e) => setName(e.target.value)} error={missing ?? errors.name} required />
        <SelectField id="device-type" label="Type" value={type} options={typeOptions} onChange={(e) => setType(e.target.value as DeviceType)} error={errors.type} />
        <TextField id="device-hostname" label="Hostname" value={hostname} onChange={(e) => setHostname(e.target.value)} error={errors.hostname} />
        <TextField id="device-ip" label="IP address" value={ipAddress} onChange={(e) => setIpAddress(e.target.value)} error={errors.ipAddress} />
      </div>
      <TextField id="device-notes" label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={errors.notes} />
      <FormError message={shown ? null : formMessageOf(mutation.error)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={mutation.isPending}>
          {device ? "Save changes" : "Add device"}
        </Button>
      </div>
    </form>
  );
}
