"use client";

import Link from "next/link";
import { Fragment, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { linkClasses } from "@/components/ui/link-classes";
import { MenuButton, type MenuAction } from "@/components/ui/menu-button";
import { CollapsedFields } from "./collapsed-fields";
import { CredentialDetails } from "./credential-details";
import { DeleteCredentialDialog } from "./delete-credential-dialog";
import { EditProblemNote } from "./edit-problem";
import { HistoryDialog } from "./history-dialog";
import { ExternalIcon, MoreIcon } from "./icons";
import { InlineTextCell } from "./inline-text-cell";
import { kindForms } from "./kinds";
import { PasswordCell } from "./password-cell";
import { columnLayout, type ColumnKey } from "./table-columns";
import { TotpCell } from "./totp-cell";
import type { CredentialChanges, CredentialRow as Row } from "./types";
import { useCredentialUpdate } from "./use-credential-update";

/** Tighter than the shared table cell (nine columns to fit); on phones a labelled line of the row's card. */
const tdClasses =
  "min-w-0 px-3 py-2.5 align-top text-sm text-slate-800 max-sm:block max-sm:px-4 max-sm:py-1.5 max-sm:before:mb-0.5 max-sm:before:block max-sm:before:text-xs max-sm:before:font-semibold max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]";

export type RowPermissions = { canEdit: boolean; canDelete: boolean; canReveal: boolean; canSeeHistory: boolean; canRevealHistory: boolean; canOverridePolicy: boolean };

const safeUrl = (url: string) => /^https?:\/\//i.test(url);
const formatTime = (d: Date) => d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];
}

type TextField = "name" | "username" | "domain" | "loginUrl" | "tags";

type CredentialRowProps = {
  tenant: string;
  credential: Row;
  permissions: RowPermissions;
  showOwner: boolean;
  /** Laid out as a card (phones): the row is a list item named by the password, its cells plain boxes. */
  card?: boolean;
};

/** One credential in a table, every text field editable in place. */
export function CredentialRow({ tenant, credential, permissions, showOwner, card = false }: CredentialRowProps) {
  const update = useCredentialUpdate(tenant, credential);
  const [dialog, setDialog] = useState<"history" | "delete" | null>(null);
  const [expanded, setExpanded] = useState(false);
  const c = credential;
  const layout = columnLayout(showOwner);
  const columnClasses = layout.classes;

  const problemFor = (field: string) =>
    update.problem && update.problem.field === field ? (
      <EditProblemNote
        tenant={tenant}
        credentialId={c.id}
        name={c.name}
        problem={update.problem}
        onKeepTheirs={update.keepTheirs}
        onKeepMine={update.keepMine}
        onDismiss={update.clearProblem}
      />
    ) : null;

  // A refused value stays at the open editor; only a conflict is shown under the cell.
  const text = (field: TextField, label: string, value: string, extra?: Partial<Parameters<typeof InlineTextCell>[0]>) => (
    <InlineTextCell
      label={`${label} of ${c.name}`}
      value={value}
      editable={permissions.canEdit}
      disabled={update.saving}
      error={update.problem?.field === field && !update.problem.conflict ? update.problem.message : undefined}
      onCancel={update.clearProblem}
      problem={update.problem?.conflict ? problemFor(field) : null}
      onSave={(next) => {
        const changes: CredentialChanges = field === "tags" ? { tags: parseTags(next) } : { [field]: next };
        return update.save(field, changes);
      }}
      {...extra}
    />
  );

  const cellRole = card ? "none" : undefined;
  const cell = (key: ColumnKey, label: string, children: ReactNode) => (
    <td role={cellRole} className={`${tdClasses} ${columnClasses[key]}`} data-label={label}>
      {children}
    </td>
  );

  // The low-priority columns, also shown in the row's details while the table is too narrow for their column.
  const domainField = text("domain", "Domain", c.domain);
  const loginUrlField = (
    <div className="flex items-start gap-1">
      <div className="min-w-0 flex-1">{text("loginUrl", "Login URL", c.loginUrl, { inputType: "url" })}</div>
      {safeUrl(c.loginUrl) ? (
        <a
          href={c.loginUrl}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`Open the login page of ${c.name} in a new tab`}
          title="Open in a new tab"
          className="mt-1 inline-flex rounded p-0.5 text-blue-700 hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          <ExternalIcon />
        </a>
      ) : null}
    </div>
  );
  const totpField = c.hasTotp ? permissions.canReveal ? <TotpCell tenant={tenant} credentialId={c.id} name={c.name} /> : <Badge>TOTP</Badge> : <span className="text-slate-400">—</span>;
  const tagsField = text("tags", "Tags", c.tags.join(", "), {
    display: (
      <span className="flex flex-wrap gap-1">
        {c.tags.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </span>
    ),
  });

  const actions: MenuAction[] = [
    { label: expanded ? "Hide details" : "Details", name: `${expanded ? "Hide details" : "Details"} of ${c.name}`, onSelect: () => setExpanded((v) => !v) },
    ...(permissions.canSeeHistory ? [{ label: "History", name: `History of ${c.name}`, onSelect: () => setDialog("history") }] : []),
    ...(permissions.canDelete ? [{ label: "Delete…", name: `Delete ${c.name}`, tone: "danger" as const, onSelect: () => setDialog("delete") }] : []),
  ];

  return (
    <Fragment>
      <tr role={card ? "listitem" : undefined} aria-label={card ? c.name : undefined} className="hover:bg-slate-50/60 max-sm:block max-sm:py-2" data-credential-id={c.id}>
        <td role={cellRole} className={`${tdClasses} ${columnClasses.name}`} data-label="Description">
          {text("name", "Description", c.name)}
          {c.kind !== "password" ? (
            <span className="mt-1 mr-1 inline-block">
              <Badge tone="info">{kindForms[c.kind].label}</Badge>
            </span>
          ) : null}
          {c.approvalRequired ? (
            <span className="mt-1 mr-1 inline-block">
              {c.checkedOutUntil ? (
                <Badge tone="success">Checked out to you until {formatTime(c.checkedOutUntil)}</Badge>
              ) : (
                <Badge tone="warning">
                  Needs approval<span className="sr-only">: open the details of {c.name} to request access</span>
                </Badge>
              )}
            </span>
          ) : null}
          {c.loginStatus === "not_working" ? (
            <span className="mt-1 inline-block" title="The last login check with this password failed">
              <Badge tone="danger">
                Not working<span className="sr-only">: the last login check of {c.name} failed</span>
              </Badge>
            </span>
          ) : null}
          {c.tags.length > 0 ? (
            <span className={`mt-1 flex-wrap gap-1 ${layout.tagsUnderName}`}>
              <span className="sr-only">Tags:</span>
              {c.tags.map((t) => (
                <Badge key={t}>{t}</Badge>
              ))}
            </span>
          ) : null}
        </td>
        {showOwner ? (
          <td role={cellRole} className={`${tdClasses} ${columnClasses.owner}`} data-label="Owner">
            <Link href={`/${tenant}/customers/${c.customerId}`} className={linkClasses}>
              {c.customerName}
            </Link>
            {c.contactId ? (
              <p className="mt-0.5 text-xs">
                <Link href={`/${tenant}/contacts/${c.contactId}`} className={linkClasses}>
                  {c.contactName}
                </Link>
              </p>
            ) : c.deviceId ? (
              <p className="mt-0.5 text-xs">
                <Link href={`/${tenant}/devices/${c.deviceId}`} className={linkClasses}>
                  {c.deviceName}
                </Link>
              </p>
            ) : null}
          </td>
        ) : null}
        {cell("username", "Username", text("username", "Username", c.username))}
        <td role={cellRole} className={`${tdClasses} ${columnClasses.password}`} data-label="Password">
          <PasswordCell
            tenant={tenant}
            credentialId={c.id}
            name={c.name}
            canReveal={permissions.canReveal}
            canEdit={permissions.canEdit}
            copyOnly={c.copyOnly}
            saving={update.saving}
            onChange={(password, overrideReason) => update.save("password", { password }, undefined, overrideReason)}
            // A refusal stays at the open editor (with "save anyway" for admins); only a conflict shows under the cell.
            error={update.problem?.field === "password" && !update.problem.conflict ? update.problem.message : undefined}
            onCancel={update.clearProblem}
            canOverridePolicy={permissions.canOverridePolicy}
            problem={update.problem?.conflict ? problemFor("password") : null}
          />
        </td>
        {cell("domain", "Domain", domainField)}
        {cell("loginUrl", "Login URL", loginUrlField)}
        {cell("totp", "TOTP", totpField)}
        {cell("tags", "Tags", tagsField)}
        <td role={cellRole} className={`${tdClasses} ${columnClasses.actions}`} data-label="Actions">
          <MenuButton label={`Actions for ${c.name}`} icon={<MoreIcon />} actions={actions} />
          {permissions.canSeeHistory ? (
            <HistoryDialog tenant={tenant} credential={c} open={dialog === "history"} canReveal={permissions.canRevealHistory} onClose={() => setDialog(null)} />
          ) : null}
          {permissions.canDelete ? <DeleteCredentialDialog tenant={tenant} credential={c} open={dialog === "delete"} onClose={() => setDialog(null)} /> : null}
        </td>
      </tr>
      {expanded ? (
        <tr id={`details-${c.id}`} role={card ? "listitem" : undefined} aria-label={card ? `Details of ${c.name}` : undefined} className="bg-slate-50/70 max-sm:block">
          <td role={cellRole} colSpan={showOwner ? 9 : 8} className="px-4 py-3 max-sm:block">
            {/* Sticky, so the panel stays in view when the wide table is scrolled sideways. */}
            <div className="sticky left-4 max-w-5xl">
              <CollapsedFields
                layout={layout}
                fields={[
                  ["domain", "Domain", domainField],
                  ["loginUrl", "Login URL", loginUrlField],
                  ["totp", "TOTP", totpField],
                  ["tags", "Tags", tagsField],
                ]}
              />
              <CredentialDetails
                tenant={tenant}
                credential={c}
                update={update}
                problemFor={problemFor}
              />
            </div>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
