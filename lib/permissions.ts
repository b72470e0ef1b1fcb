/**
 * The permission rule table (issue #6): who may see, reveal, edit, delete, share and rotate a password, and why.
 * Pure data and functions, read by the server, which enforces them (server/services/sharing/permissions.ts gathers
 * each member's grants and checkouts per row in SQL, then applies this table), and by the browser, which shows the
 * buttons of the server's verdict and words things the same way. No server imports.
 *
 * Levels, lowest to highest: none < view < modify < full.
 *   view    reveal and copy secret fields, TOTP codes
 *   modify  view + edit any field (the secret included), rotate now
 *   full    modify + move to trash, share, set "copy only", set up rotation (target and schedule)
 * Seeing a credential's metadata (lists, get, search, history) is a separate flag, `visible`.
 *
 * Role baseline (before shares):
 *   owner, admin           full on everything, visible.
 *   technician             restriction OFF (tenant setting restrictTechniciansToShared, the default): modify on
 *                          everything, visible, and may move to trash (the one exception in the rule table).
 *                          Restriction ON: none and NOT visible — a restricted technician sees only what a share
 *                          covers (lists, get, search, reveal, history); anything else answers NOT_FOUND, exactly
 *                          like a password that does not exist.
 *   auditor, readonly      none, visible (metadata only).
 * Shares: a grant applies to a member directly or through a user group they belong to, on one credential, on
 *   everything of a customer (present and future), or on a credential group (static: hand-picked; dynamic: every
 *   credential matching its criteria, evaluated by query, so new credentials join at once).
 *   effective level = max(role baseline, highest applying grant capped by role); any grant makes it visible.
 *   Caps: auditor and readonly are read-only roles, so a grant lifts them to view at most (never modify/full);
 *   technicians, admins and owners take the grant as is.
 * Role floors: some actions also need a role whatever the level (`minRole`; the procedure's rung says the same
 *   before any query): history from auditor up; old-version and pending-password reveals, policy overrides and
 *   cancelling a rotation run are owners' and admins'. Restore, purge and the trash stay admin rungs.
 * Approval (access control): a credential under an access policy (its own or a credential group's) keeps its
 *   secrets locked — reveal, copy, TOTP, edit and rotation are refused to everyone, admins included, outside the
 *   member's own checkout (an approved request whose window has not ended). A checkout never lifts the level: it
 *   unlocks what the member's permission already allows. What outlives a checkout (a rotation target, a privileged
 *   login) is set on such a password by owners and admins only (`approvalMinRole`).
 * Copy only ("share without revealing"): a credential marked copyOnly refuses every action that puts a secret on
 *   screen (`shows`: reveal, old versions, pending passwords) to everyone, admins included; copying and TOTP codes
 *   still work for members with view. It keeps the value off screens and makes each use an audited copy; it is no
 *   secret from the member, whose browser receives the plaintext for the clipboard (README, "Sharing").
 *   "Use only" shares, which would refuse copy too, belong with auto-fill and launch (a later issue): they would be a
 *   share level below view whose only action is that auto-fill, with copy and reveal kept at "view" in the table.
 * Export (issue #13): a member may export at all only when the workspace's export permission says so (exportVerdict,
 *   below); then each password goes into the file only when the rule table's "export" allows it: like a reveal, it
 *   needs view, and during the member's own checkout when it needs approval; a copy-only password is left out, because
 *   a file puts the value where anyone can read it, as a reveal would.
 * Names follow passwords: a restricted technician sees a customer, contact or device only when it holds a password
 *   they can see or a customer share covers it. Sharing: only a member with full on the shared thing (credential,
 *   customer or credential group) may share it or revoke a share of it, and never above their own level.
 */
import { memberRoleValues, roleAtLeast, roleLabels, type MemberRole } from "./validation";

export const shareLevels = ["view", "modify", "full"] as const;
/** What a share grants. */
export type ShareLevel = (typeof shareLevels)[number];
export type PermissionLevel = "none" | ShareLevel;

const ORDER: Record<PermissionLevel, number> = { none: 0, view: 1, modify: 2, full: 3 };
export const levelAtLeast = (level: PermissionLevel, min: PermissionLevel) => ORDER[level] >= ORDER[min];
const maxLevel = (a: PermissionLevel, b: PermissionLevel) => (ORDER[a] >= ORDER[b] ? a : b);
const minLevel = (a: PermissionLevel, b: PermissionLevel) => (ORDER[a] <= ORDER[b] ? a : b);

export const levelLabels: Record<PermissionLevel, string> = { none: "No access", view: "View", modify: "Modify", full: "Full" };
/** Each level includes the one before it. */
export const levelSummaries: Record<ShareLevel, string> = {
  view: "reveal and copy",
  modify: "also edit",
  full: "also share, delete, change rotation",
};

/** The acting member, as far as the rules care: their role, and the tenant setting that narrows technicians. */
export type RuleActor = { role: MemberRole; restrictTechniciansToShared: boolean };

const isRestrictedTechnician = (actor: RuleActor) => actor.role === "technician" && actor.restrictTechniciansToShared;

export const credentialActions = [
  "see",
  "viewHistory",
  "reveal",
  "copy",
  "totp",
  "revealVersion",
  "edit",
  "overridePolicy",
  "delete",
  "share",
  "setCopyOnly",
  "configureRotation",
  "useAsPrivilegedLogin",
  "rotate",
  "checkLogin",
  "completeRotation",
  "cancelRotation",
  "revealPending",
  "requestAccess",
  "export",
] as const;
export type CredentialAction = (typeof credentialActions)[number];

export type CredentialRule = {
  /** `visible`: the metadata may be seen at all; a level: the effective permission must reach it. */
  needs: "visible" | ShareLevel;
  /** A role floor on top of the level. */
  minRole?: MemberRole;
  /** Also allowed to a technician when the tenant does not restrict technicians, whatever their level. */
  unrestrictedTechnician?: true;
  /** On a credential that needs approval: only during the member's own checkout. */
  checkout?: true;
  /** On a credential that needs approval: only from this role up (what it sets up outlives any checkout). */
  approvalMinRole?: MemberRole;
  /** Puts a secret on screen: refused on a copy-only credential, to everyone. */
  shows?: true;
};

/** THE rule table: what each action on a credential needs (see the top of this file). */
export const CREDENTIAL_RULES: Record<CredentialAction, CredentialRule> = {
  see: { needs: "visible" },
  // Who changed which fields when, never values: for the audit-minded roles, not read-only members.
  viewHistory: { needs: "visible", minRole: "auditor" },
  reveal: { needs: "view", checkout: true, shows: true },
  copy: { needs: "view", checkout: true },
  totp: { needs: "view", checkout: true },
  revealVersion: { needs: "view", minRole: "admin", checkout: true, shows: true },
  edit: { needs: "modify", checkout: true },
  // Saving a password its policy refuses, with a reason: part of an edit, and an owner's or admin's call.
  overridePolicy: { needs: "modify", minRole: "admin", checkout: true },
  delete: { needs: "full", unrestrictedTechnician: true },
  share: { needs: "full" },
  setCopyOnly: { needs: "full" },
  // The target decides where Vaultline sends every later password, long after a checkout has ended.
  configureRotation: { needs: "full", checkout: true, approvalMinRole: "admin" },
  // Logging into a target with it is as good as revealing it, and every later rotation does so again.
  useAsPrivilegedLogin: { needs: "view", checkout: true, approvalMinRole: "admin" },
  // Rotating changes the secret: modify, like an edit.
  rotate: { needs: "modify", minRole: "technician", checkout: true },
  checkLogin: { needs: "visible", minRole: "technician" },
  completeRotation: { needs: "visible", minRole: "technician" },
  cancelRotation: { needs: "visible", minRole: "admin" },
  // The pending password may already be the live one on the target: a reveal like any other.
  revealPending: { needs: "view", minRole: "admin", checkout: true, shows: true },
  // Asking for a checkout needs what the checkout would unlock: at least view.
  requestAccess: { needs: "view" },
  // Writing it into an export file is a reveal that outlives the screen (see "Export" at the top).
  export: { needs: "view", checkout: true, shows: true },
};

/** The least role an action needs before any per-credential rule (every member: "readonly"). */
export const minRoleFor = (action: CredentialAction): MemberRole => CREDENTIAL_RULES[action].minRole ?? "readonly";

/**
 * Whether the member's role alone passes the action's role floor: for what is decided before the credential exists
 * (overriding the policy of a password being created).
 */
export const roleAllows = (role: MemberRole, action: CredentialAction) => roleAtLeast(role, minRoleFor(action));

const GRANT_CAP: Record<MemberRole, PermissionLevel> = {
  owner: "full",
  admin: "full",
  technician: "full",
  auditor: "view",
  readonly: "view",
};

/** What the role alone gives, on any credential, customer or credential group. */
export function roleBaseline(actor: RuleActor): { level: PermissionLevel; visible: boolean; reason: string | null } {
  const label = roleLabels[actor.role];
  if (actor.role === "owner" || actor.role === "admin") return { level: "full", visible: true, reason: `${label} role (full)` };
  if (actor.role === "technician") {
    return isRestrictedTechnician(actor)
      ? { level: "none", visible: false, reason: null }
      : { level: "modify", visible: true, reason: "Technician role (modify): technicians see every customer" };
  }
  return { level: "none", visible: true, reason: `${label} role (metadata only)` };
}

const ROLE_NOTES: Record<MemberRole, string> = {
  owner: "Owners have full access to every password.",
  admin: "Admins have full access to every password.",
  technician: "Technicians see, reveal and edit every customer's passwords.",
  auditor: "Auditors see metadata only; a share can let them view.",
  readonly: "Read-only members see metadata only; a share can let them view.",
};

/** The "By role" list of the Access panel: what each role gives on any password of this workspace, and why. */
export function roleAccessSummary(restrictTechniciansToShared: boolean) {
  return memberRoleValues.map((role) => {
    const restricted = isRestrictedTechnician({ role, restrictTechniciansToShared });
    return {
      role,
      label: roleLabels[role],
      level: roleBaseline({ role, restrictTechniciansToShared }).level,
      note: restricted ? "Technicians see only what is shared with them (workspace setting)." : ROLE_NOTES[role],
    };
  });
}

/** Whether the credential needs approval, and until when the member's own checkout of it lasts. */
export type CheckoutState = { required: boolean; checkedOutUntil: Date | null };
/** What the credential itself brings to the rules: approval and the member's checkout, copy-only. */
export type CredentialFlags = { checkout: CheckoutState; copyOnly: boolean };
/** No approval, no copy-only: customers, credential groups, and credentials free of both. */
export const UNFLAGGED: CredentialFlags = { checkout: { required: false, checkedOutUntil: null }, copyOnly: false };

export type EffectivePermission = {
  level: PermissionLevel;
  visible: boolean;
  checkout: CheckoutState;
  copyOnly: boolean;
  /** Why, for the Access panel: "Admin role (full)", "Shared with group NOC (view)"… */
  reasons: string[];
  /** What the rule table allows with this permission: the buttons the browser shows. */
  can: Record<CredentialAction, boolean>;
};

/** Why the rule table refuses an action, in the order the rules are checked: the first that applies wins. */
export type Refusal = "hidden" | "role" | "level" | "checkout" | "approvalRole" | "copyOnly";

/** The first rule that refuses `action` to this member on this credential, or null when it is allowed. */
export function refusalOf(actor: RuleActor, permission: Omit<EffectivePermission, "reasons" | "can">, action: CredentialAction): Refusal | null {
  const rule = CREDENTIAL_RULES[action];
  if (!permission.visible) return "hidden";
  if (rule.minRole && !roleAtLeast(actor.role, rule.minRole)) return "role";
  const byTechnicianRole = rule.unrestrictedTechnician && actor.role === "technician" && !isRestrictedTechnician(actor);
  if (rule.needs !== "visible" && !byTechnicianRole && !levelAtLeast(permission.level, rule.needs)) return "level";
  const controlled = permission.checkout.required;
  if (rule.checkout && controlled && !permission.checkout.checkedOutUntil) return "checkout";
  if (rule.approvalMinRole && controlled && !roleAtLeast(actor.role, rule.approvalMinRole)) return "approvalRole";
  if (rule.shows && permission.copyOnly) return "copyOnly";
  return null;
}

/** A grant that applies, already described for the Access panel. */
export type Grant = { level: ShareLevel; reason: string };

/** The member's effective permission: the role baseline lifted by the grants (capped by role), and the verdicts. */
export function combine(actor: RuleActor, grants: Grant[], flags: CredentialFlags = UNFLAGGED): EffectivePermission {
  const base = roleBaseline(actor);
  let level = base.level;
  let visible = base.visible;
  const reasons = base.reason ? [base.reason] : [];
  for (const g of grants) {
    const capped = minLevel(g.level, GRANT_CAP[actor.role]);
    level = maxLevel(level, capped);
    visible = true;
    reasons.push(capped === g.level ? g.reason : `${g.reason}, limited to ${capped} for the ${roleLabels[actor.role]} role`);
  }
  const facts = { level, visible, ...flags };
  const can = Object.fromEntries(credentialActions.map((a) => [a, refusalOf(actor, facts, a) === null])) as Record<CredentialAction, boolean>;
  return { ...facts, reasons, can };
}

/**
 * A credential outside the limits of the API key a member acts through: hidden whatever their role and grants, so
 * it answers exactly like one that does not exist.
 */
export const OUTSIDE_LIMITS: EffectivePermission = {
  level: "none",
  visible: false,
  ...UNFLAGGED,
  reasons: [],
  can: Object.fromEntries(credentialActions.map((a) => [a, false])) as Record<CredentialAction, boolean>,
};

/** How a grant reaches the member, as the Access panel and share lists show it. */
export type GrantSource = {
  level: ShareLevel;
  via: { type: "credential" | "customer" | "credential_group"; name: string | null };
  grantee: { type: "member" | "group"; name: string };
};

/** "Shared with group NOC (view)", "Shared via customer Contoso (modify)"… `forViewer`: the grantee reads it. */
export function grantReason(g: GrantSource, forViewer: boolean): string {
  const to = g.grantee.type === "group" ? `group ${g.grantee.name}` : forViewer ? "you" : g.grantee.name;
  if (g.via.type === "credential") return `Shared with ${to} (${g.level})`;
  const via = g.via.type === "customer" ? `customer ${g.via.name}` : `credential group ${g.via.name}`;
  return `Shared via ${via}${g.grantee.type === "group" ? ` with group ${g.grantee.name}` : ""} (${g.level})`;
}

const ACTION_TEXT: Record<CredentialAction, string> = {
  see: "see this password",
  viewHistory: "see this password's history",
  reveal: "reveal this password",
  copy: "copy this password",
  totp: "see this password's TOTP code",
  revealVersion: "reveal an old version of this password",
  edit: "edit this password",
  overridePolicy: "save this password against its policy",
  delete: "delete this password",
  share: "share this password",
  setCopyOnly: "change whether this password can be revealed",
  configureRotation: "change this password's rotation",
  useAsPrivilegedLogin: "use this password as a privileged login",
  rotate: "rotate this password",
  checkLogin: "check this password's login",
  completeRotation: "complete this password's rotation",
  cancelRotation: "cancel this password's rotation",
  revealPending: "reveal this password's pending password",
  requestAccess: "request access to this password",
  export: "export this password",
};

/** How an action reads after "This password needs approval: only an owner or admin can …". */
const APPROVAL_ACTION_TEXT: Partial<Record<CredentialAction, string>> = {
  configureRotation: "change its rotation",
  useAsPrivilegedLogin: "make it a privileged login",
};

/** "an owner or admin": the roles from `min` up, in words. */
function rolesFrom(min: MemberRole): string {
  const names = memberRoleValues.filter((r) => roleAtLeast(r, min)).map((r) => roleLabels[r].toLowerCase());
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0]!;
  return `${/^[aeiou]/.test(list) ? "an" : "a"} ${list}`;
}

/** The message of a refusal the member may read (a hidden credential answers NOT_FOUND instead, with no message). */
export function refusalMessage(action: CredentialAction, refusal: Exclude<Refusal, "hidden">, level: PermissionLevel): string {
  switch (refusal) {
    case "role":
      return "Your role does not allow this.";
    case "level": {
      const have = level === "none" ? "no access to its secrets" : `${level} access`;
      return `You need ${CREDENTIAL_RULES[action].needs} access to ${ACTION_TEXT[action]}; you have ${have}.`;
    }
    case "checkout":
      return "This password needs approval: request access, and use it while your checkout lasts.";
    case "approvalRole":
      return `This password needs approval: only ${rolesFrom(CREDENTIAL_RULES[action].approvalMinRole!)} can ${APPROVAL_ACTION_TEXT[action] ?? ACTION_TEXT[action]}.`;
    case "copyOnly":
      return action === "revealPending"
        ? "This password is copy-only, so its pending password is not shown either. Turn copy-only off to rotate it by hand."
        : action === "export"
          ? "This password is copy-only: an export file would show it, so it is left out."
          : "This password is copy-only: it can be copied or auto-filled, not shown.";
  }
}

/**
 * What a member does to the workspace as a whole rather than to one password, and the least role each needs. Importing
 * files many passwords at once under any customer, creating customers on the way: owners' and admins' work, like the
 * settings; so is overseeing every member's access requests and approval control. The import procedures stand on
 * their rung (tests/unit/permissions.test.ts holds them to it).
 */
export const WORKSPACE_RULES = {
  importPasswords: { minRole: "admin" },
  // Invite people to the workspace (and see the invitation list).
  inviteMembers: { minRole: "admin" },
  // Decide (approve or deny) any access request, see every request, and who holds a checkout.
  overseeAccessRequests: { minRole: "admin" },
  // Make an edit that takes a password out of a credential group that needs approval (audited).
  releaseFromApproval: { minRole: "admin" },
} as const satisfies Record<string, { minRole: MemberRole }>;
export type WorkspaceAction = keyof typeof WORKSPACE_RULES;

/** Whether the role may do the workspace action (the browser shows the entry points by it; the server enforces it). */
export const workspaceRoleAllows = (role: MemberRole, action: WorkspaceAction) => roleAtLeast(role, WORKSPACE_RULES[action].minRole);

/** What each role may do in the workspace, in a line (the invitation form shows it). */
export const roleSummaries: Record<MemberRole, string> = {
  owner: "Everything, including billing, owners and two-factor resets",
  admin: "Manages members, settings and all credentials",
  technician: "Works with customers, devices and their credentials",
  auditor: "Read-only, plus the audit log and reports",
  readonly: "Read-only",
};

/** Only owners make, change, deactivate or remove owners; admins manage every other role. */
export const mayManageRole = (actorRole: MemberRole, role: MemberRole) => role !== "owner" || actorRole === "owner";

/**
 * Who may export (issue #13; PMP lets owners turn export off per user). Owners decide, per role, per user group and
 * per member; the most specific setting wins: the member's own, then their groups' (a "deny" of any group beats an
 * "allow" of another), then their role's, then the role default below. Owners may always export: they are the ones
 * who set the rule, so denying them would only be a setting they can undo. Admins may by default, as they already
 * hold full access to every password; technicians, auditors and read-only members may not unless granted. What a
 * granted member exports is still only what they may reveal (the "export" action of the rule table).
 */
export const EXPORT_ROLE_DEFAULTS: Record<MemberRole, boolean> = {
  owner: true,
  admin: true,
  technician: false,
  auditor: false,
  readonly: false,
};

/** What owners set that applies to one member: null where nothing is set. */
export type ExportSettingsOf = {
  member: boolean | null;
  groups: { name: string; allowed: boolean }[];
  role: boolean | null;
};

export type ExportVerdict = { allowed: boolean; reason: string };

/** Whether this member may export, and why, in words the member and the settings page show. */
export function exportVerdict(role: MemberRole, settings: ExportSettingsOf): ExportVerdict {
  const label = roleLabels[role];
  if (role === "owner") return { allowed: true, reason: "Owners may always export." };
  if (settings.member !== null) {
    return { allowed: settings.member, reason: `An owner ${settings.member ? "allowed" : "denied"} export for this member.` };
  }
  const denying = settings.groups.filter((g) => !g.allowed).map((g) => g.name);
  const allowing = settings.groups.filter((g) => g.allowed).map((g) => g.name);
  if (denying.length) return { allowed: false, reason: `Export is denied for the group${denying.length > 1 ? "s" : ""} ${denying.join(", ")}.` };
  if (allowing.length) return { allowed: true, reason: `Export is allowed for the group${allowing.length > 1 ? "s" : ""} ${allowing.join(", ")}.` };
  if (settings.role !== null) return { allowed: settings.role, reason: `Export is ${settings.role ? "allowed" : "denied"} for the ${label} role.` };
  const allowed = EXPORT_ROLE_DEFAULTS[role];
  return { allowed, reason: allowed ? `${label}s may export unless an owner denies it.` : `${label} members may export only when an owner allows it.` };
}
