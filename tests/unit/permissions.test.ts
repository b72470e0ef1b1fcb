import { describe, expect, it } from "vitest";
import {
  combine,
  credentialActions,
  exportVerdict,
  grantReason,
  levelAtLeast,
  mayManageRole,
  minRoleFor,
  refusalMessage,
  refusalOf,
  roleAccessSummary,
  roleAllows,
  type CredentialAction,
  type CredentialFlags,
  type ShareLevel,
  WORKSPACE_RULES,
  workspaceRoleAllows,
} from "@/lib/permissions";
import { memberRoleValues, type MemberRole } from "@/lib/validation";
import { PROCEDURE_RUNGS } from "../security/procedure-rungs";

type Grant = "none" | ShareLevel;
type Approval = "free" | "locked" | "checked out";

const GRANTS: Grant[] = ["none", "view", "modify", "full"];
const APPROVALS: Approval[] = ["free", "locked", "checked out"];

const flagsOf = (approval: Approval, copyOnly: boolean): CredentialFlags => ({
  checkout: { required: approval !== "free", checkedOutUntil: approval === "checked out" ? new Date(Date.now() + 60_000) : null },
  copyOnly,
});
const actor = (role: MemberRole, restricted = false) => ({ role, restrictTechniciansToShared: restricted });

/**
 * The expected verdict, written from the rules at the top of lib/permissions.ts and the issues (independently of
 * its table): owners/admins full; technicians modify (and may trash) unless restricted, then only what is shared;
 * auditors and read-only members metadata only, a share lifting them to view at most. Approval locks the secrets
 * outside a checkout, and what outlives a checkout is for owners and admins; copy-only hides every display.
 */
function expected(role: MemberRole, restricted: boolean, grant: Grant, approval: Approval, copyOnly: boolean, action: CredentialAction): boolean {
  const rank = { none: 0, view: 1, modify: 2, full: 3 } as const;
  const admin = role === "owner" || role === "admin";
  const technician = role === "technician";
  const base: Grant = admin ? "full" : technician && !restricted ? "modify" : "none";
  const capped: Grant = (role === "auditor" || role === "readonly") && rank[grant] > rank.view ? "view" : grant;
  const level = rank[capped] > rank[base] ? capped : base;
  const visible = !(technician && restricted) || grant !== "none";
  if (!visible) return false;
  const has = (min: ShareLevel) => rank[level] >= rank[min];
  const unlocked = approval !== "locked";
  const controlled = approval !== "free";
  const technicianUp = admin || technician;
  switch (action) {
    case "see":
      return true;
    case "viewHistory":
      return role !== "readonly";
    case "reveal":
    case "export":
      return has("view") && unlocked && !copyOnly;
    case "copy":
    case "totp":
      return has("view") && unlocked;
    case "revealVersion":
    case "revealPending":
      return admin && unlocked && !copyOnly;
    case "edit":
      return has("modify") && unlocked;
    case "overridePolicy":
      return admin && unlocked;
    case "delete":
      return has("full") || (technician && !restricted);
    case "share":
    case "setCopyOnly":
      return has("full");
    case "configureRotation":
      return has("full") && unlocked && (!controlled || admin);
    case "useAsPrivilegedLogin":
      return has("view") && unlocked && (!controlled || admin);
    case "rotate":
      return technicianUp && has("modify") && unlocked;
    case "checkLogin":
    case "completeRotation":
      return technicianUp;
    case "cancelRotation":
      return admin;
    case "requestAccess":
      return has("view");
  }
}

describe("the permission rule table (lib/permissions.ts)", () => {
  it("gives the workspace-wide powers (overseeing access requests, releasing from approval) to owners and admins only", () => {
    for (const role of memberRoleValues) {
      const oversees = role === "owner" || role === "admin";
      expect(workspaceRoleAllows(role, "overseeAccessRequests"), role).toBe(oversees);
      expect(workspaceRoleAllows(role, "releaseFromApproval"), role).toBe(oversees);
    }
  });

  const cases = memberRoleValues.flatMap((role) => [false, true].map((restricted) => [role, restricted] as const));

  it.each(cases)("%s (technicians restricted: %s): every action × grant × approval × copy-only", (role, restricted) => {
    const wrong: string[] = [];
    for (const grant of GRANTS) {
      for (const approval of APPROVALS) {
        for (const copyOnly of [false, true]) {
          const p = combine(actor(role, restricted), grant === "none" ? [] : [{ level: grant, reason: "grant" }], flagsOf(approval, copyOnly));
          for (const action of credentialActions) {
            const want = expected(role, restricted, grant, approval, copyOnly, action);
            if (p.can[action] !== want) wrong.push(`${action} with grant ${grant}, ${approval}${copyOnly ? ", copy-only" : ""}: ${p.can[action]}, expected ${want}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("lets owners and admins import passwords, nobody else, and puts every import procedure on that rung", () => {
    expect(memberRoleValues.filter((role) => workspaceRoleAllows(role, "importPasswords"))).toEqual(["owner", "admin"]);
    const importProcedures = Object.entries(PROCEDURE_RUNGS).filter(([path]) => path.startsWith("imports."));
    expect(importProcedures.map(([path]) => path).sort()).toEqual(
      ["imports.cancel", "imports.discard", "imports.dryRun", "imports.get", "imports.list", "imports.preview", "imports.start", "imports.upload"],
    );
    for (const [path, rung] of importProcedures) expect(rung, path).toBe(WORKSPACE_RULES.importPasswords.minRole);
  });

  it("gives every action a verdict, and nothing else", () => {
    expect(Object.keys(combine(actor("owner"), []).can).sort()).toEqual([...credentialActions].sort());
  });

  it("takes the highest grant, caps read-only roles at view, and says why", () => {
    const auditor = combine(actor("auditor"), [
      { level: "view", reason: "Shared with you (view)" },
      { level: "full", reason: "Shared via customer Contoso (full)" },
    ]);
    expect(auditor).toMatchObject({ level: "view", visible: true });
    expect(auditor.reasons).toEqual([
      "Auditor role (metadata only)",
      "Shared with you (view)",
      "Shared via customer Contoso (full), limited to view for the Auditor role",
    ]);
    const technician = combine(actor("technician", true), [
      { level: "modify", reason: "a" },
      { level: "view", reason: "b" },
    ]);
    expect(technician).toMatchObject({ level: "modify", visible: true, reasons: ["a", "b"] });
    expect(combine(actor("technician", true), [])).toMatchObject({ level: "none", visible: false, reasons: [] });
    expect(combine(actor("admin"), [{ level: "view", reason: "x" }])).toMatchObject({ level: "full", reasons: ["Admin role (full)", "x"] });
    expect(combine(actor("technician"), []).reasons).toEqual(["Technician role (modify): technicians see every customer"]);
  });

  it("refuses for the first rule that applies, and says so", () => {
    const facts = (level: Grant, approval: Approval, copyOnly = false) => ({ level, visible: true, ...flagsOf(approval, copyOnly) });
    expect(refusalOf(actor("technician", true), { ...facts("none", "free"), visible: false }, "see")).toBe("hidden");
    expect(refusalOf(actor("readonly"), facts("view", "free"), "viewHistory")).toBe("role");
    // The level before approval, approval before copy-only.
    expect(refusalOf(actor("auditor"), facts("none", "locked", true), "reveal")).toBe("level");
    expect(refusalOf(actor("auditor"), facts("view", "locked", true), "reveal")).toBe("checkout");
    expect(refusalOf(actor("auditor"), facts("view", "checked out", true), "reveal")).toBe("copyOnly");
    expect(refusalOf(actor("technician"), facts("full", "checked out"), "configureRotation")).toBe("approvalRole");
    expect(refusalOf(actor("admin"), facts("full", "checked out"), "configureRotation")).toBeNull();

    expect(refusalMessage("reveal", "level", "none")).toBe("You need view access to reveal this password; you have no access to its secrets.");
    expect(refusalMessage("configureRotation", "level", "modify")).toBe("You need full access to change this password's rotation; you have modify access.");
    expect(refusalMessage("edit", "checkout", "modify")).toBe("This password needs approval: request access, and use it while your checkout lasts.");
    expect(refusalMessage("configureRotation", "approvalRole", "full")).toBe("This password needs approval: only an owner or admin can change its rotation.");
    expect(refusalMessage("reveal", "copyOnly", "full")).toBe("This password is copy-only: it can be copied or auto-filled, not shown.");
    expect(refusalMessage("revealVersion", "copyOnly", "full")).toBe("This password is copy-only: it can be copied or auto-filled, not shown.");
    expect(refusalMessage("revealPending", "copyOnly", "full")).toMatch(/^This password is copy-only, so its pending password is not shown either/);
    expect(refusalMessage("viewHistory", "role", "none")).toBe("Your role does not allow this.");
  });

  it("states the role floors that the rungs of the procedures doing those actions repeat", () => {
    const procedures: Record<string, CredentialAction> = {
      "credentials.get": "see",
      "credentials.reveal": "reveal",
      "credentials.history": "viewHistory",
      "credentials.revealVersion": "revealVersion",
      "rotation.rotateNow": "rotate",
      "rotation.checkNow": "checkLogin",
      "rotation.completeManual": "completeRotation",
      "rotation.cancelRun": "cancelRotation",
      "rotation.revealPending": "revealPending",
    };
    for (const [path, action] of Object.entries(procedures)) expect(PROCEDURE_RUNGS[path], path).toBe(minRoleFor(action));
    expect(roleAllows("admin", "overridePolicy")).toBe(true);
    expect(roleAllows("technician", "overridePolicy")).toBe(false);
  });

  it("orders levels", () => {
    expect(levelAtLeast("full", "modify")).toBe(true);
    expect(levelAtLeast("view", "view")).toBe(true);
    expect(levelAtLeast("view", "modify")).toBe(false);
    expect(levelAtLeast("none", "view")).toBe(false);
  });

  it("describes each role's access for the Access panel, restricted technicians included", () => {
    const levels = (restricted: boolean) => Object.fromEntries(roleAccessSummary(restricted).map((r) => [r.role, r.level]));
    expect(levels(false)).toEqual({ owner: "full", admin: "full", technician: "modify", auditor: "none", readonly: "none" });
    expect(levels(true)).toMatchObject({ technician: "none" });
    expect(roleAccessSummary(true).find((r) => r.role === "technician")).toMatchObject({
      label: "Technician",
      note: "Technicians see only what is shared with them (workspace setting).",
    });
  });

  it("words grants as their grantee or anyone else reads them", () => {
    const direct = { level: "view", via: { type: "credential", name: null }, grantee: { type: "member", name: "Tina" } } as const;
    expect(grantReason(direct, true)).toBe("Shared with you (view)");
    expect(grantReason(direct, false)).toBe("Shared with Tina (view)");
    const byCustomer = { level: "modify", via: { type: "customer", name: "Contoso" }, grantee: { type: "group", name: "NOC" } } as const;
    expect(grantReason(byCustomer, true)).toBe("Shared via customer Contoso with group NOC (modify)");
  });

  describe("who may export", () => {
    type Setting = boolean | null;
    const SETTINGS: Setting[] = [null, true, false];
    const GROUP_SETS: boolean[][] = [[], [true], [false], [true, false], [true, true]];
    /**
     * Written from the issue and the decision at exportVerdict, independently of it: owners always; otherwise the
     * member's own setting, then any group's deny, then any group's allow, then the role's setting, then the default
     * (admins yes, the other roles no).
     */
    function mayExport(role: MemberRole, member: Setting, groups: boolean[], roleSetting: Setting): boolean {
      if (role === "owner") return true;
      if (member !== null) return member;
      if (groups.includes(false)) return false;
      if (groups.includes(true)) return true;
      if (roleSetting !== null) return roleSetting;
      return role === "admin";
    }

    it("agrees with the expectation for every role × member × groups × role setting", () => {
      const wrong: string[] = [];
      for (const role of memberRoleValues) {
        for (const member of SETTINGS) {
          for (const groups of GROUP_SETS) {
            for (const roleSetting of SETTINGS) {
              const settings = { member, groups: groups.map((allowed, i) => ({ name: `G${i}`, allowed })), role: roleSetting };
              const got = exportVerdict(role, settings).allowed;
              const want = mayExport(role, member, groups, roleSetting);
              if (got !== want) wrong.push(`${role}, member ${member}, groups [${groups.join(",")}], role ${roleSetting}: ${got}, expected ${want}`);
            }
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it("says which setting decided", () => {
      const none = { member: null, groups: [], role: null };
      expect(exportVerdict("owner", { ...none, member: false })).toEqual({ allowed: true, reason: "Owners may always export." });
      expect(exportVerdict("admin", none)).toEqual({ allowed: true, reason: "Admins may export unless an owner denies it." });
      expect(exportVerdict("technician", none)).toEqual({ allowed: false, reason: "Technician members may export only when an owner allows it." });
      expect(exportVerdict("technician", { ...none, role: true }).reason).toBe("Export is allowed for the Technician role.");
      const groups = [{ name: "NOC", allowed: true }, { name: "Interns", allowed: false }, { name: "Night", allowed: false }];
      expect(exportVerdict("admin", { ...none, groups, role: true })).toEqual({ allowed: false, reason: "Export is denied for the groups Interns, Night." });
      expect(exportVerdict("auditor", { ...none, groups: groups.slice(0, 1) }).reason).toBe("Export is allowed for the group NOC.");
      expect(exportVerdict("technician", { member: true, groups, role: false })).toEqual({ allowed: true, reason: "An owner allowed export for this member." });
    });

    it("leaves out of a file what a reveal could not show: no view, locked by approval, copy-only", () => {
      const facts = (level: Grant, approval: Approval, copyOnly = false) => ({ level, visible: true, ...flagsOf(approval, copyOnly) });
      expect(refusalOf(actor("auditor"), facts("none", "free"), "export")).toBe("level");
      expect(refusalOf(actor("admin"), facts("full", "locked"), "export")).toBe("checkout");
      expect(refusalOf(actor("admin"), facts("full", "checked out"), "export")).toBeNull();
      expect(refusalOf(actor("owner"), facts("full", "free", true), "export")).toBe("copyOnly");
      expect(refusalMessage("export", "copyOnly", "full")).toBe("This password is copy-only: an export file would show it, so it is left out.");
    });
  });

  it("lets only owners manage owners", () => {
    expect(mayManageRole("admin", "technician")).toBe(true);
    expect(mayManageRole("admin", "owner")).toBe(false);
    expect(mayManageRole("owner", "owner")).toBe(true);
  });
});
