"use client";

import { useCallback, useMemo, useState } from "react";
import { useUrlParams } from "@/components/ui/use-url-params";
import { credentialListFilters, credentialListOrder, hasCredentialFilters, type CredentialListFilters, type CredentialListOrder } from "@/lib/credential-list";

/** What a passwords table lists and how: the state its controls change, wherever that state is kept. */
export type PasswordListState = {
  /** What the search box shows (the query uses it deferred). */
  search: string;
  setSearch: (search: string) => void;
  page: number;
  setPage: (page: number) => void;
  /** Goes to the page a landing link's password is on, keeping the link (see useLandingCredential). */
  landOnPage: (page: number) => void;
  filters: CredentialListFilters;
  setFilters: (filters: CredentialListFilters) => void;
  order: CredentialListOrder;
  /** Absent where the table has no sorting (a customer's, contact's or device's passwords). */
  setOrder?: (order: CredentialListOrder) => void;
  filtered: boolean;
  clearFilters: () => void;
};

const DEFAULT_ORDER: CredentialListOrder = { sort: "name", direction: "asc" };
const NO_FILTERS: CredentialListFilters = {};

/** A holder page's table: search and page in component state, name order, no filters. */
export function useLocalPasswordList(): PasswordListState {
  const [search, setSearchText] = useState("");
  const [page, setPage] = useState(1);
  const setSearch = useCallback((value: string) => {
    setSearchText(value);
    setPage(1);
  }, []);
  return { search, setSearch, page, setPage, landOnPage: setPage, filters: NO_FILTERS, setFilters: () => undefined, order: DEFAULT_ORDER, filtered: false, clearFilters: () => undefined };
}

const urlKeys = ["q", "customer", "kind", "tag", "expiry", "notWorking", "approval", "sort", "dir", "page"] as const;
type UrlValues = Record<(typeof urlKeys)[number], string>;

/** One URL value through the server's own rule for that field; a value it would refuse is left out. */
function field<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, value: unknown): T | undefined {
  if (value === "" || value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function readFilters(v: UrlValues): CredentialListFilters {
  const f = credentialListFilters.shape;
  return {
    customerId: field(f.customerId, v.customer),
    kind: field(f.kind, v.kind),
    tag: field(f.tag, v.tag),
    expiry: field(f.expiry, v.expiry),
    notWorking: v.notWorking === "1" ? true : undefined,
    needsApproval: v.approval === "1" ? true : undefined,
  };
}

function toUrl(search: string, filters: CredentialListFilters, order: CredentialListOrder, page: number): UrlValues {
  return {
    q: search.trim(),
    customer: filters.customerId ?? "",
    kind: filters.kind ?? "",
    tag: filters.tag ?? "",
    expiry: filters.expiry ?? "",
    notWorking: filters.notWorking ? "1" : "",
    approval: filters.needsApproval ? "1" : "",
    // The default order and the first page stay out of the URL.
    sort: order.sort === DEFAULT_ORDER.sort && order.direction === DEFAULT_ORDER.direction ? "" : order.sort,
    dir: order.sort === DEFAULT_ORDER.sort && order.direction === DEFAULT_ORDER.direction ? "" : order.direction,
    page: page > 1 ? String(page) : "",
  };
}

/**
 * The All passwords page's list, kept in the URL (?q=&customer=&kind=&tag=&expiry=&notWorking=1&approval=1&sort=&dir=
 * &page=), read through the same rules the server applies. Filter, sort and page changes add a history entry (Back
 * undoes them); typing in the search box replaces it.
 */
export function useUrlPasswordList(): PasswordListState {
  const [values, setValues] = useUrlParams(urlKeys);
  const filters = useMemo(() => readFilters(values), [values]);
  const order = useMemo<CredentialListOrder>(
    () => ({ sort: field(credentialListOrder.shape.sort, values.sort) ?? DEFAULT_ORDER.sort, direction: field(credentialListOrder.shape.direction, values.dir) ?? DEFAULT_ORDER.direction }),
    [values.sort, values.dir],
  );
  const page = Math.max(1, Number.parseInt(values.page, 10) || 1);
  // The box keeps what is typed (spaces included); the URL gets it trimmed. Back or a link changes the box too.
  const [search, setSearchText] = useState(values.q);
  const [seenQ, setSeenQ] = useState(values.q);
  if (seenQ !== values.q) {
    setSeenQ(values.q);
    if (search.trim() !== values.q) setSearchText(values.q);
  }

  const write = useCallback(
    (next: { search?: string; filters?: CredentialListFilters; order?: CredentialListOrder; page?: number }, history: "push" | "replace" = "push", keepOthers = false) => {
      const current = readFilters(values);
      setValues(toUrl(next.search ?? values.q, next.filters ?? current, next.order ?? order, next.page ?? 1), { history, keepOthers });
    },
    [values, order, setValues],
  );

  return {
    search,
    setSearch: (value) => {
      setSearchText(value);
      write({ search: value }, "replace");
    },
    page,
    setPage: (p) => write({ page: p, search }),
    landOnPage: useCallback((p: number) => write({ page: p }, "replace", true), [write]),
    filters,
    setFilters: (next) => write({ filters: next, search }),
    order,
    setOrder: (next) => write({ order: next, search }),
    filtered: hasCredentialFilters(filters),
    clearFilters: () => write({ filters: NO_FILTERS, search }),
  };
}
