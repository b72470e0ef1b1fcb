import Link from "next/link";
import { linkClasses } from "@/components/ui/link-classes";
import { tdClasses } from "@/components/ui/table";

/** The customer a row belongs to, in a workspace-wide list, linked to its page. */
export function CustomerCell({ tenant, customerId, name }: { tenant: string; customerId: string; name: string }) {
  return (
    <td className={tdClasses}>
      <Link href={`/${tenant}/customers/${customerId}`} className={linkClasses}>
        {name}
      </Link>
    </td>
  );
}
