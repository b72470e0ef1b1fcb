import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { customers, tenants } from "@/db/schema";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { addMember, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

const SECRET = "Copy-Only-Bank-Portal-2026";
const REFUSED = "This password is copy-only: it can be copied or auto-filled, not shown.";

/*
 * What copy-only is (README, "Copy-only passwords"): the value is never displayed by Vaultline, to anyone, but a
 * copy hands the plaintext to the member's browser for the clipboard. It keeps the password off screens (shoulder
 * surfing, screen sharing, recordings) and makes every use a recorded copy; it does not keep it from a member who
 * reads the copy response with developer tools or pastes the clipboard somewhere visible.
 */
describe("copy-only passwords (issue #11 §5)", () => {
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let technician: Awaited<ReturnType<typeof addMember>>;
  let tenantId: string;
  let id: string;
  const t = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
    technician = await addMember(owner, "technician");
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    const [customer] = await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Woodgrove" }).returning());
    ({ id } = await owner.caller.credentials.create({
      ...t(),
      target: { type: "customer", id: customer!.id },
      name: "Bank portal",
      username: "treasurer",
      password: SECRET,
      notes: "Recovery phrase: alpha bravo",
      totp: authenticator.generateSecret(20),
    }));
    await owner.caller.sharing.setCopyOnly({ ...t(), credentialId: id, copyOnly: true });
  }, 60_000);

  it("refuses every display of its secrets, to admins too: reveal of any field, old versions", async () => {
    for (const member of [owner, technician]) {
      for (const field of ["password", "notes"] as const) {
        expect(await failureOf(member.caller.credentials.reveal({ ...t(), id, field }))).toMatchObject({ code: "FORBIDDEN", message: REFUSED });
      }
    }
    expect((await failureOf(owner.caller.credentials.revealVersion({ ...t(), id, version: 1 }))).code).toBe("FORBIDDEN");
  });

  it("copies: the plaintext reaches the member's browser (that is the limit of copy-only), audited as a copy", async () => {
    expect(await technician.caller.credentials.reveal({ ...t(), id, field: "password", purpose: "copy" })).toEqual({ value: SECRET });
    const { items } = await owner.caller.audit.list({ ...t(), limit: 100 });
    const handOuts = items.filter((e) => e.targetId === id && /^credential\.(revealed|copied)$/.test(e.action));
    expect(handOuts).toEqual([expect.objectContaining({ action: "credential.copied", actorUserId: technician.session.userId, details: { field: "password" } })]);
  });

  it("still gives TOTP codes, which are for typing into a login form", async () => {
    expect(await technician.caller.credentials.totpCode({ ...t(), id })).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
  });

  it("does not show the pending password of a rotation either (it becomes the password)", async () => {
    await owner.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" });
    const { runId } = await owner.caller.rotation.rotateNow({ ...t(), credentialId: id });
    await new LocalRunner(workflows, { tenantId, retryBaseMs: 20 }).drain();
    const refused = await failureOf(owner.caller.rotation.revealPending({ ...t(), runId }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/copy-only, so its pending password is not shown/) });
    await owner.caller.sharing.setCopyOnly({ ...t(), credentialId: id, copyOnly: false });
    expect((await owner.caller.rotation.revealPending({ ...t(), runId })).value).toMatch(/.{12,}/);
  });
});
