import "server-only";
import { count, eq } from "drizzle-orm";
import { withTenant, withUser } from "@/db/client";
import { contacts, customers, devices, tenants, users } from "@/db/schema";
import { randomToken } from "@/server/crypto";
import { signUp } from "../auth/sign-up";

export const DEMO_EMAIL = "demo@vaultline.local";

type DemoCustomer = {
  name: string;
  contacts: { name: string; email: string; phone: string }[];
  devices: { name: string; kind: "agent" | "non_agent"; type: "server" | "workstation" | "network" | "printer" | "firewall" | "cloud" | "other"; hostname: string; ip: string }[];
};

const demoCustomers: DemoCustomer[] = [
  {
    name: "Northwind Dental",
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
    contacts: [{ name: "Priya Natarajan", email: "priya@contoso-legal.example", phone: "+44 20 7946 0011" }],
    devices: [
      { name: "CL-FW01", kind: "non_agent", type: "firewall", hostname: "cl-fw01", ip: "192.168.50.1" },
      { name: "Microsoft 365 tenant", kind: "non_agent", type: "cloud", hostname: "contosolegal.onmicrosoft.com", ip: "" },
      { name: "CL-FS01", kind: "agent", type: "server", hostname: "cl-fs01.contoso.local", ip: "192.168.50.20" },
    ],
  },
  {
    name: "Fabrikam Manufacturing",
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
  const { slug, userId } = await signUp(
    { companyName: "Demo MSP", name: "Demo Owner", email: DEMO_EMAIL, password },
    { ip: null, userAgent: "vaultline demo seed" },
  );
  await withUser(userId, (tx) => tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId)));
  const [tenant] = await withUser(userId, (tx) => tx.select().from(tenants).where(eq(tenants.slug, slug)));
  const tenantId = tenant!.id;
  await withTenant(tenantId, async (tx) => {
    for (const demo of demoCustomers) {
      const [customer] = await tx.insert(customers).values({ tenantId, name: demo.name }).returning();
      if (demo.contacts.length) {
        await tx.insert(contacts).values(demo.contacts.map((c) => ({ tenantId, customerId: customer!.id, ...c })));
      }
      await tx.insert(devices).values(
        demo.devices.map((d) => ({
          tenantId,
          customerId: customer!.id,
          name: d.name,
          kind: d.kind,
          type: d.type,
          hostname: d.hostname,
          ipAddress: d.ip,
        })),
      );
    }
  });
  return { slug, email: DEMO_EMAIL, password };
}
