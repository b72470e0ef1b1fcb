"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, type RefObject } from "react";
import { z } from "zod";
import { useTRPC } from "@/components/providers/trpc";
import type { CredentialListQuery } from "./types";

/** The search parameter a link to one password carries: `/devices/<id>?credential=<credential id>`. */
export const LANDING_PARAM = "credential";

/** The link that opens a password where it is filed (its device, contact or customer page), scrolled to and ringed. */
export function credentialHref(tenant: string, c: { id: string; customerId: string; contactId: string | null; deviceId: string | null }) {
  const holder = c.deviceId ? `devices/${c.deviceId}` : c.contactId ? `contacts/${c.contactId}` : `customers/${c.customerId}`;
  return `/${tenant}/${holder}?${LANDING_PARAM}=${c.id}`;
}

/**
 * A list that a link landed on with ?credential=<id>: asks the server which page holds that password in the list's own
 * search, filters and order (so a later page is found too) and hands it to `onPage`; once the row is on screen, scrolls it to the middle, rings it and moves focus
 * to it, so keyboard and screen-reader users start there too. An id the member cannot see in this list changes nothing.
 */
export function useLandingCredential(opts: {
  tenant: string;
  /** What the list shows and in which order (everything but its page). */
  query: CredentialListQuery;
  pageSize: number;
  /** Stable (a state setter), since it is called whenever the located page changes. */
  onPage: (page: number) => void;
  container: RefObject<HTMLElement | null>;
  /** The ids of the rows now shown, to know when the landed one has rendered. */
  shownIds: string[] | undefined;
}) {
  const { tenant, query, pageSize, onPage, container, shownIds } = opts;
  const trpc = useTRPC();
  const requested = useSearchParams().get(LANDING_PARAM);
  const id = requested && z.uuid().safeParse(requested).success ? requested : null;
  const located = useQuery({
    ...trpc.credentials.locate.queryOptions({ tenant, ...query, id: id ?? "", pageSize }),
    enabled: id !== null,
    retry: false,
  });
  const page = located.data?.page;
  useEffect(() => {
    if (page !== undefined) onPage(page);
  }, [page, id, onPage]);

  const landedOn = useRef<string | null>(null);
  useEffect(() => {
    if (!id || landedOn.current === id || !shownIds?.includes(id)) return;
    const row = container.current?.querySelector<HTMLElement>(`[data-credential-id="${id}"]`);
    if (!row) return;
    landedOn.current = id;
    container.current?.querySelectorAll("[data-landed]").forEach((el) => el.removeAttribute("data-landed"));
    row.setAttribute("data-landed", "");
    row.tabIndex = -1;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center" });
  }, [id, shownIds, container]);
}
