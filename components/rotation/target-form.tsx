"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { connectorCatalog, type ConnectorCatalogEntry, type ConnectorOptionField } from "@/lib/connector-catalog";
import { parseTargetHost } from "@/lib/target-host";
import type { ConnectorKind, RotationTarget } from "./types";

type OptionValues = Record<string, string | boolean>;

const entryFor = (kind: ConnectorKind): ConnectorCatalogEntry => connectorCatalog.find((c) => c.kind === kind)!;

/** The default of one option, from the very schema the server validates with (empty when it has none). */
function optionDefault(entry: ConnectorCatalogEntry, field: ConnectorOptionField): string | boolean {
  const schema = entry.optionsSchema;
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const parsed = shape[field.name]?.safeParse(undefined);
  const value = parsed?.success ? parsed.data : undefined;
  if (field.type === "boolean") return typeof value === "boolean" ? value : false;
  if (field.type === "select") return typeof value === "string" ? value : (field.choices[0]?.value ?? "");
  // Text fields start empty, so their placeholder shows what an empty field means.
  return "";
}

function initialOptions(kind: ConnectorKind, saved: Record<string, unknown> | null): OptionValues {
  const entry = entryFor(kind);
  return Object.fromEntries(
    entry.fields.map((field) => {
      const value = saved?.[field.name];
      return [field.name, typeof value === "string" || typeof value === "boolean" ? value : optionDefault(entry, field)];
    }),
  );
}

/** Text left empty is left out, so the schema's default applies; everything else is sent as chosen. */
function optionsPayload(kind: ConnectorKind, values: OptionValues): Record<string, unknown> {
  return Object.fromEntries(
    entryFor(kind)
      .fields.map((field) => [field.name, values[field.name]] as const)
      .filter(([, value]) => !(typeof value === "string" && value.trim() === ""))
      .map(([name, value]) => [name, typeof value === "string" ? value.trim() : value]),
  );
}

/**
 * Where and how a password is rotated: the connector, its host and port, the connector's own options (rendered
 * from the catalog), the privileged login that changes it (another password of the same customer) and the daily
 * health check. Server field errors appear at their fields.
 */
export function TargetForm({
  tenant,
  credentialId,
  credentialName,
  customerId,
  current,
  onDone,
}: {
  tenant: string;
  credentialId: string;
  credentialName: string;
  customerId: string;
  current: RotationTarget | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  /** Null until the user picks one: a new target then starts at the agent on agent devices, else PostgreSQL. */
  const [chosenConnector, setConnector] = useState<ConnectorKind | null>(current?.connector ?? null);
  const [host, setHost] = useState(current?.host ?? "");
  const [port, setPort] = useState(current?.port ? String(current.port) : "");
  const [options, setOptions] = useState<OptionValues>(() => initialOptions(current?.connector ?? "postgres", current?.options ?? null));
  const [privileged, setPrivileged] = useState(current?.privilegedCredentialId ?? "");
  const [healthCheck, setHealthCheck] = useState(current?.healthCheck ?? true);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const candidates = useQuery(trpc.credentials.list.queryOptions({ tenant, target: { type: "customer", id: customerId }, pageSize: 100 }));
  const save = useMutation(
    trpc.rotation.setTarget.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.rotation.pathFilter());
        onDone();
      },
    }),
  );
  // Which device the password is on decides whether the agent connector is offered; the credential is usually
  // cached already by the details view this form opens from.
  const credential = useQuery(trpc.credentials.get.queryOptions({ tenant, id: credentialId }));
  const deviceId = credential.data?.deviceId ?? null;
  const device = useQuery({ ...trpc.devices.get.queryOptions({ tenant, deviceId: deviceId ?? "" }), enabled: deviceId !== null });
  const onAgentDevice = device.data?.kind === "agent";
  const connector: ConnectorKind = chosenConnector ?? (onAgentDevice ? "agent" : "postgres");
  const agent = useQuery({ ...trpc.agents.forDevice.queryOptions({ tenant, deviceId: deviceId ?? "" }), enabled: onAgentDevice });
  // Hidden only once we know the password is not on an agent device (and the saved target is not one).
  const agentKnownUnavailable = current?.connector !== "agent" && (credential.isSuccess && (deviceId === null || device.data?.kind === "non_agent"));
  const shownConnectors = connectorCatalog.filter((c) => c.kind !== "agent" || !agentKnownUnavailable);
  const entry = entryFor(connector);
  const manual = entry.delivery === "manual";
  const viaAgent = entry.delivery === "agent";
  const serverless = entry.delivery !== "direct";
  const localAccounts = agent.data?.localAccounts ?? [];
  const username = credential.data?.username ?? "";
  const accountKnown = localAccounts.length === 0 || !username || localAccounts.some((a) => a.username === username);

  function changeConnector(next: ConnectorKind) {
    setConnector(next);
    setOptions(initialOptions(next, next === current?.connector ? (current.options ?? null) : null));
    setClientErrors({});
    save.reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    const hostSyntax = parseTargetHost(host);
    if (!serverless && !hostSyntax.ok) errors.host = hostSyntax.message;
    if (port.trim() && !/^\d+$/.test(port.trim())) errors.port = "Port must be a whole number between 1 and 65535.";
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate({
      tenant,
      credentialId,
      connector,
      host: serverless ? "" : host.trim(),
      port: serverless || !port.trim() ? null : Number(port),
      options: serverless ? {} : optionsPayload(connector, options),
      privilegedCredentialId: serverless ? null : privileged || null,
      healthCheck: serverless ? false : healthCheck,
    });
  }

  const errors = { ...fieldErrorsOf(save.error), ...clientErrors };
  const shownAtField = (key: string) =>
    ["connector", "host", "port", "privilegedCredentialId", "healthCheck"].includes(key) || entry.fields.some((f) => key === `options.${f.name}`);
  const unplaced = Object.keys(fieldErrorsOf(save.error)).length === 0 || Object.keys(fieldErrorsOf(save.error)).some((k) => !shownAtField(k));
  const others = (candidates.data?.items ?? []).filter((c) => c.id !== credentialId);

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <SelectField
        id="rotation-connector"
        label="Connector"
        value={connector}
        onChange={(e) => changeConnector(e.target.value as ConnectorKind)}
        error={errors.connector}
        options={shownConnectors.map((c) => ({ value: c.kind, label: c.label }))}
        data-autofocus
      />
      {manual ? (
        <p className="text-sm text-slate-600">
          Nothing is dialled: a rotation generates a new password and waits for a technician to set it on the system by hand and mark it done.
        </p>
      ) : viaAgent ? (
        <div id="rotation-agent-hint" className="space-y-2 text-sm text-slate-600">
          <p>The device&apos;s agent changes this local account: at its next check-in it receives the new password, sealed to its key, sets it and reports back.</p>
          {agent.data === null || (device.isSuccess && !onAgentDevice) ? (
            <Alert tone="warning">This password is not on a device with an enrolled agent, so the server will refuse this connector.</Alert>
          ) : null}
          {username ? (
            <p>
              Account: <span className="font-mono text-slate-900">{username}</span> (the password&apos;s username).
            </p>
          ) : (
            <Alert tone="warning">This password has no username: set it to the local account&apos;s name first.</Alert>
          )}
          {!accountKnown ? <Alert tone="warning">The agent has not reported a local account named “{username}”; the rotation fails if it does not exist.</Alert> : null}
          {localAccounts.length > 0 ? (
            <details className="rounded-md border border-slate-200 px-3 py-2">
              <summary className="cursor-pointer text-slate-800">Local accounts the agent reports ({localAccounts.length})</summary>
              <ul className="mt-2 flex flex-wrap gap-1.5 font-mono text-xs">
                {localAccounts.map((a) => (
                  <li key={`${a.username}-${a.uid}`} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">
                    {a.username}
                    {a.locked ? <span className="text-slate-500"> (locked)</span> : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <TextField
              id="rotation-host"
              label="Host"
              value={host}
              autoComplete="off"
              spellCheck={false}
              placeholder="db.example.com or 10.0.0.5"
              onChange={(e) => setHost(e.target.value)}
              error={errors.host}
              required
            />
            <TextField
              id="rotation-port"
              label="Port"
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              value={port}
              placeholder={String(entry.defaultPort)}
              onChange={(e) => setPort(e.target.value)}
              error={errors.port}
            />
          </div>
          {entry.fields.map((field) => {
            const id = `rotation-option-${field.name}`;
            const error = errors[`options.${field.name}`];
            const hint = "help" in field ? field.help : undefined;
            if (field.type === "boolean") {
              return (
                <CheckboxField
                  key={`${connector}-${field.name}`}
                  id={id}
                  label={field.label}
                  hint={hint}
                  error={error}
                  checked={options[field.name] === true}
                  onChange={(checked) => setOptions((o) => ({ ...o, [field.name]: checked }))}
                />
              );
            }
            if (field.type === "select") {
              return (
                <SelectField
                  key={`${connector}-${field.name}`}
                  id={id}
                  label={field.label}
                  value={String(options[field.name] ?? "")}
                  onChange={(e) => setOptions((o) => ({ ...o, [field.name]: e.target.value }))}
                  error={error}
                  options={field.choices}
                />
              );
            }
            return (
              <TextField
                key={`${connector}-${field.name}`}
                id={id}
                label={field.required ? field.label : `${field.label} (optional)`}
                value={String(options[field.name] ?? "")}
                placeholder={field.placeholder}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setOptions((o) => ({ ...o, [field.name]: e.target.value }))}
                error={error}
                hint={hint}
                required={field.required}
              />
            );
          })}
          <SelectField
            id="rotation-privileged"
            label="Privileged login"
            value={privileged}
            onChange={(e) => setPrivileged(e.target.value)}
            error={errors.privilegedCredentialId ?? (candidates.isError ? formMessageOf(candidates.error) : null)}
            disabled={candidates.isPending}
            options={[
              { value: "", label: candidates.isPending ? "Loading passwords…" : "None — the account changes its own password" },
              // The saved one stays selectable even when it is not on the first page of this customer's passwords.
              ...(current?.privilegedCredentialId && !others.some((c) => c.id === current.privilegedCredentialId)
                ? [{ value: current.privilegedCredentialId, label: current.privilegedName ?? "Saved privileged login" }]
                : []),
              ...others.map((c) => ({ value: c.id, label: c.username ? `${c.name} (${c.username})` : c.name })),
            ]}
          />
          <CheckboxField
            id="rotation-health-check"
            label="Health check"
            hint={`Check every day that the stored password of ${credentialName} still logs in.`}
            error={errors.healthCheck}
            checked={healthCheck}
            onChange={setHealthCheck}
          />
        </>
      )}
      {unplaced ? <FormError message={formMessageOf(save.error)} /> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={save.isPending}>
          Save target
        </Button>
      </div>
    </form>
  );
}
