import "server-only";
import { count, eq } from "drizzle-orm";
import { withUser } from "@/db/client";
import { contacts, customers, devices, memberships, tenants } from "@/db/schema";
import { randomToken } from "@/server/crypto";
import { hashPassword } from "@/server/auth/password-hash";
import { withTenantScope } from "@/server/scope";
import { createWorkspace } from "../auth/sign-up";
import { getTenantSettings } from "../tenants/workspaces";
import { createCredential } from "../vault/credential-writes";

/** A random demo password: 20 characters from all four classes (so it satisfies the Strong policy). */
function demoPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+=?@";
  const bytes = Buffer.from(randomToken(32), "base64url");
  return "Aa9!" + Array.from(bytes.subarray(0, 16), (b) => alphabet[b % alphabet.length]).join("");
}

function base32Seed(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from(Buffer.from(randomToken(32), "base64url").subarray(0, 20), (b) => alphabet[b % 32]).join("");
}

export const DEMO_EMAIL = "demo@vaultline.local";

type DemoCredential = {
  /** Filed on the customer, or on its contact / device with this index. */
  on: "customer" | { contact: number } | { device: number };
  name: string;
  username: string;
  kind?: "password" | "wifi" | "database" | "api_key" | "pin";
  domain?: string;
  loginUrl?: string;
  tags?: string[];
  totp?: boolean;
};

type DemoCustomer = {
  name: string;
  credentials: DemoCredential[];
  contacts: { name: string; email: string; phone: string }[];
  devices: { name: string; kind: "agent" | "non_agent"; type: "server" | "workstation" | "network" | "printer" | "firewall" | "cloud" | "other"; hostname: string; ip: string }[];
};

const demoCustomers: DemoCustomer[] = [
  {
    name: "Northwind Dental",
    credentials: [
      { on: "customer", name: "Microsoft 365 global admin", username: "admin@northwinddental.onmicrosoft.com", loginUrl: "https://admin.microsoft.com", tags: ["m365", "critical"], totp: true },
      { on: { device: 0 }, name: "Domain administrator", username: "Administrator", domain: "NORTHWIND", tags: ["ad"] },
      { on: { device: 1 }, name: "Local admin (LAPS fallback)", username: ".\\nwadmin", tags: ["local"] },
      { on: { device: 2 }, name: "Switch admin (SSH)", username: "admin", loginUrl: "https://10.10.0.2", tags: ["network"] },
      { on: { device: 3 }, name: "Printer web console", username: "admin", loginUrl: "http://10.10.0.80" },
      { on: { contact: 0 }, name: "Maria's Microsoft 365 account", username: "maria@northwind-dental.example", loginUrl: "https://portal.office.com" },
      { on: "customer", name: "Office Wi-Fi", username: "", kind: "wifi", tags: ["wifi"] },
    ],
    contacts: [
      { name: "Maria Gonzales", email: "maria@northwind-dental.example", phone: "+1 555 0100" },
      { name: "Tom Becker", email: "tom@northwind-dental.example", phone: "+1 555 0101" },
    ],
    devices: [
      { name: "NWD-DC01", kind: "agent", type: "server", hostname: "nwd-dc01.northwind.local", ip: "10.10.0.10" },
      { name: "Reception PC", kind: "agent", type: "workstation", hostname: "nwd-recep-01", ip: "10.10.0.51" },
      { name: "Core switch", kind: "non_agent", type: "network", hostname: "nwd-sw-core", ip: "10.10.0.2" },
      { name: "Front desk printer", kind: "non_agent", type: "printer", hostname: "nwd-prn-01", ip: "10.10.0.80" },
    ],
  },
  {
    name: "Contoso Legal LLP",
    credentials: [
      { on: { device: 0 }, name: "Firewall admin", username: "admin", loginUrl: "https://192.168.50.1:4443", tags: ["network", "critical"], totp: true },
      { on: { device: 1 }, name: "M365 break-glass account", username: "breakglass@contosolegal.onmicrosoft.com", loginUrl: "https://admin.microsoft.com", tags: ["m365"] },
      { on: { device: 2 }, name: "File server local admin", username: "Administrator", tags: ["local"] },
      { on: { contact: 0 }, name: "Priya's practice-management login", username: "pnatarajan", loginUrl: "https://app.clio.example" },
    ],
    contacts: [{ name: "Priya Natarajan", email: "priya@contoso-legal.example", phone: "+44 20 7946 0011" }],
    devices: [
      { name: "CL-FW01", kind: "non_agent", type: "firewall", hostname: "cl-fw01", ip: "192.168.50.1" },
      { name: "Microsoft 365 tenant", kind: "non_agent", type: "cloud", hostname: "contosolegal.onmicrosoft.com", ip: "" },
      { name: "CL-FS01", kind: "agent", type: "server", hostname: "cl-fs01.contoso.local", ip: "192.168.50.20" },
    ],
  },
  {
    name: "Fabrikam Manufacturing",
    credentials: [
      { on: { device: 0 }, name: "ERP database (sa)", username: "sa", kind: "database", domain: "fab-erp01", tags: ["sql"] },
      { on: { device: 1 }, name: "Access point admin", username: "admin", loginUrl: "https://172.20.8.3", tags: ["network"] },
      { on: { contact: 1 }, name: "Aiko's VPN account", username: "atanaka", tags: ["vpn"] },
      { on: "customer", name: "Supplier portal API token", username: "fabrikam-integration", kind: "api_key", loginUrl: "https://api.supplier.example" },
    ],
    contacts: [
      { name: "Jonas Weber", email: "jonas.weber@fabrikam.example", phone: "+49 30 901820" },
      { name: "Aiko Tanaka", email: "aiko.tanaka@fabrikam.example", phone: "+49 30 901821" },
    ],
    devices: [
      { name: "FAB-ERP01", kind: "agent", type: "server", hostname: "fab-erp01", ip: "172.20.1.15" },
      { name: "Shop floor AP", kind: "non_agent", type: "network", hostname: "fab-ap-03", ip: "172.20.8.3" },
    ],
  },
];

/**
 * On an empty database, creates the "Demo MSP" workspace with a few customers, contacts and devices, and an
 * owner login with a random password. Returns that login once; returns null when the database has tenants.
 */
export async function seedDemoWorkspace(): Promise<{ slug: string; email: string; password: string } | null> {
  const [existing] = await withUser(undefined, (tx) => tx.select({ n: count() }).from(tenants));
  if ((existing?.n ?? 0) > 0) return null;
  const password = `demo-${randomToken(12)}`;
  const passwordHash = await hashPassword(password);
  const created = await withUser(undefined, (tx) =>
    createWorkspace(tx, { companyName: "Demo MSP", name: "Demo Owner", email: DEMO_EMAIL, passwordHash }, { ip: null, userAgent: "vaultline demo seed" }),
  );
  const { slug, id: tenantId } = created.tenant;
  const userId = created.user.id;
  const audit = { userId, label: DEMO_EMAIL, ip: null, userAgent: "vaultline demo seed" };
  await withTenantScope(tenantId, audit, async (scope) => {
    const tx = scope.db;
    const [owner] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, userId));
    const member = { userId, role: "owner" as const, membershipId: owner!.id, restrictTechniciansToShared: false };
    const asOwner = { ...scope, member, settings: await getTenantSettings(scope) };
    for (const demo of demoCustomers) {
      const [customer] = await tx.insert(customers).values({ tenantId, name: demo.name }).returning();
      const demoContacts = demo.contacts.length
        ? await tx.insert(contacts).values(demo.contacts.map((c) => ({ tenantId, customerId: customer!.id, ...c }))).returning()
        : [];
      const demoDevices = await tx
        .insert(devices)
        .values(
          demo.devices.map((d) => ({
            tenantId,
            customerId: customer!.id,
            name: d.name,
            kind: d.kind,
            type: d.type,
            hostname: d.hostname,
            ipAddress: d.ip,
          })),
        )
        .returning();
      for (const c of demo.credentials) {
        const target =
          c.on === "customer"
            ? { type: "customer" as const, id: customer!.id }
            : "contact" in c.on
              ? { type: "contact" as const, id: demoContacts[c.on.contact]!.id }
              : { type: "device" as const, id: demoDevices[c.on.device]!.id };
        await createCredential(asOwner, {
          target,
          kind: c.kind ?? "password",
          name: c.name,
          username: c.username,
          password: demoPassword(),
          domain: c.domain ?? "",
          loginUrl: c.loginUrl ?? "",
          notes: "",
          totp: c.totp ? base32Seed() : "",
          tags: c.tags ?? [],
          expiresAt: null,
          customFields: c.kind === "wifi" ? [{ label: "SSID", type: "text", value: `${demo.name.split(" ")[0]}-Office` }] : [],
          policyId: null,
          externalId: null,
        });
      }
    }
  });
  return { slug, email: DEMO_EMAIL, password };
}
