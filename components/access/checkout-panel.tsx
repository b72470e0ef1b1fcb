"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { formatDateTime } from "@/components/forms/format";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useWorkspace } from "@/components/shell/workspace-context";
import { linkClasses } from "@/components/ui/link-classes";
import { workspaceRoleAllows } from "@/lib/permissions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LoadingBlock } from "@/components/ui/loading-block";
import { TextField } from "@/components/ui/text-field";
import { useInvalidateAccess } from "./use-invalidate-access";

/** "12 min 5 s" left until `end`, ticking every second; "0 s" once past. */
function useTimeLeft(end: Date | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!end) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [end]);
  if (!end) return null;
  // Rounded up, so "0 s" means the window is really over.
  const seconds = Math.max(0, Math.ceil((end.getTime() - now) / 1000));
  const minutes = Math.floor(seconds / 60);
  return { seconds, text: minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s` };
}

/**
 * A password that needs approval, as the viewer sees it: what the policy asks, their own request or checkout
 * (request, cancel, check in, time left), and who holds it now. Renders nothing for passwords without approval.
 */
export function CheckoutPanel({ tenant, credentialId, credentialName }: { tenant: string; credentialId: string; credentialName: string }) {
  const trpc = useTRPC();
  const state = useQuery({
    ...trpc.access.state.queryOptions({ tenant, credentialId }),
    // While a request waits (for an approver, in the queue, or for the server to close an ended window), notice
    // the change without a reload.
    refetchInterval: (query) => {
      const request = query.state.data?.myRequest;
      if (!request) return false;
      return request.status !== "checked_out" || request.windowEndsAt!.getTime() <= Date.now() ? 5000 : false;
    },
  });
  const invalidate = useInvalidateAccess();
  const queryClient = useQueryClient();
  const mine = state.data?.myRequest ?? null;
  const timeLeft = useTimeLeft(mine?.status === "checked_out" ? mine.windowEndsAt : null);
  const ended = timeLeft?.seconds === 0;
  // At the window's end ask the server again (it locks the password; the state follows within seconds).
  const { refetch } = state;
  useEffect(() => {
    if (ended) void refetch();
  }, [ended, refetch]);
  // A checkout that starts or ends changes the password rows (reveal buttons, badges): refresh them.
  const checkoutId = mine?.status === "checked_out" && !ended ? mine.id : null;
  useEffect(() => {
    void queryClient.invalidateQueries(trpc.credentials.pathFilter());
  }, [checkoutId, queryClient, trpc]);
  const cancel = useMutation(trpc.access.cancel.mutationOptions({ onSuccess: invalidate }));
  const checkIn = useMutation(trpc.access.checkIn.mutationOptions({ onSuccess: invalidate }));

  if (state.isPending) return <LoadingBlock label="Loading approval…" />;
  if (state.isError) return <QueryError error={state.error} onRetry={() => void state.refetch()} />;
  if (!state.data) return null;
  const { policy, checkout, queued, canRequest, otherApprovers } = state.data;
  const waitsForNobody = otherApprovers === 0 && (canRequest || mine?.status === "pending");

  return (
    <section aria-label={`Approval for ${credentialName}`} className="space-y-3 rounded-md border border-amber-200 bg-amber-50/60 p-3 text-sm text-slate-800">
      <p>
        <Badge tone="warning">Needs approval</Badge>{" "}
        Released for at most {policy.maxCheckoutMinutes} minutes at a time, after approval
        {policy.requireTicket ? ", with a ticket id" : ""}.{policy.rotateOnCheckIn ? " The password is changed when the checkout ends." : ""}{" "}
        <span className="text-slate-600">(Set on {policy.sources.join(" and ")}.)</span>
      </p>
      {checkout && !checkout.mine ? (
        <p>
          Checked out{checkout.holderName ? ` by ${checkout.holderName}` : " by someone else"} until {formatDateTime(checkout.windowEndsAt!)}
          {queued > 0 ? `; ${queued} waiting` : ""}.
        </p>
      ) : null}

      {mine?.status === "checked_out" && ended ? (
        <p role="status">Your checkout window has ended: the password is locked again.</p>
      ) : mine?.status === "checked_out" ? (
        <div className="flex flex-wrap items-center gap-3" role="status">
          <span>
            Checked out to you until {formatDateTime(mine.windowEndsAt!)} — <strong>{timeLeft?.text ?? ""} left</strong>. Reveal and copy it above while it lasts.
          </span>
          <Button size="sm" variant="secondary" pending={checkIn.isPending} onClick={() => checkIn.mutate({ tenant, requestId: mine.id })}>
            Check in
          </Button>
        </div>
      ) : mine ? (
        <div className="flex flex-wrap items-center gap-3" role="status">
          <span>
            {mine.status === "pending"
              ? "Your request is waiting for an approver."
              : `Approved: you are number ${mine.queuePosition} in the queue; your ${mine.windowMinutes} minutes start when the current checkout ends.`}
          </span>
          <Button size="sm" variant="ghost" pending={cancel.isPending} onClick={() => cancel.mutate({ tenant, requestId: mine.id })}>
            Cancel request
          </Button>
        </div>
      ) : canRequest ? (
        <RequestForm tenant={tenant} credentialId={credentialId} maxMinutes={policy.maxCheckoutMinutes} requireTicket={policy.requireTicket} onDone={invalidate} />
      ) : (
        <p className="text-slate-600">Your access to this password does not include using it, so you cannot request it.</p>
      )}
      {waitsForNobody ? <NoOtherApprover tenant={tenant} policySources={policy.sources} /> : null}
      <FormError message={formMessageOf(cancel.error ?? checkIn.error)} />
    </section>
  );
}

/**
 * Nobody decides their own request: when no one else could approve it (a one-person workspace, say), say so and
 * show the ways out instead of a request that would wait forever.
 */
function NoOtherApprover({ tenant, policySources }: { tenant: string; policySources: string[] }) {
  const { role } = useWorkspace();
  const ways = workspaceRoleAllows(role, "inviteMembers") ? (
    <>
      <Link href={`/${tenant}/settings/team`} className={linkClasses}>
        invite another admin
      </Link>
      , name another approver in the approval policy (set on {policySources.join(" and ")}), or take the password out of
      approval.
    </>
  ) : (
    "ask an owner or admin to name another approver, or to take the password out of approval."
  );
  return (
    <p role="note" className="rounded border border-amber-300 bg-white p-2 text-slate-800">
      <strong>Nobody else can approve this password</strong>, and nobody approves their own request. To use it,{" "}
      {ways}
    </p>
  );
}

function RequestForm({ tenant, credentialId, maxMinutes, requireTicket, onDone }: { tenant: string; credentialId: string; maxMinutes: number; requireTicket: boolean; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [ticketId, setTicketId] = useState("");
  const [minutes, setMinutes] = useState(String(maxMinutes));
  const request = useMutation(
    trpc.access.request.mutationOptions({
      onSuccess: async () => {
        await Promise.all([onDone(), queryClient.invalidateQueries(trpc.access.list.pathFilter())]);
        setReason("");
        setTicketId("");
      },
    }),
  );
  const errors = fieldErrorsOf(request.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ tenant, credentialId, reason, ticketId: ticketId || undefined, minutes: Number(minutes) });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-3 md:grid-cols-[2fr_1fr_1fr_auto] md:items-start" aria-label="Request access">
      <TextField id={`reason-${credentialId}`} label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} maxLength={500} required />
      <TextField
        id={`ticket-${credentialId}`}
        label={requireTicket ? "Ticket id" : "Ticket id (optional)"}
        value={ticketId}
        onChange={(e) => setTicketId(e.target.value)}
        error={errors.ticketId}
        maxLength={100}
        required={requireTicket}
      />
      <TextField
        id={`minutes-${credentialId}`}
        label="Minutes"
        type="number"
        min={1}
        max={maxMinutes}
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        error={errors.minutes}
        hint={`At most ${maxMinutes}`}
      />
      <div className="md:pt-6">
        <Button type="submit" pending={request.isPending}>
          Request access
        </Button>
      </div>
      <div className="md:col-span-4">
        <FormError message={errors.reason || errors.ticketId || errors.minutes ? null : formMessageOf(request.error)} />
      </div>
    </form>
  );
}
