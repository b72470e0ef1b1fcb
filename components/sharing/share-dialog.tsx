"use client";

import { useTerminology } from "@/components/shell/use-terminology";
import { Dialog } from "@/components/ui/dialog";
import { ShareForm } from "./share-form";
import type { ShareSubject } from "./types";

const descriptions = (customer: string): Record<ShareSubject["type"], string> => ({
  credential: "The grantee gets this level on this password.",
  customer: `The grantee gets this level on every password of this ${customer}, including ones added later.`,
  credential_group: "The grantee gets this level on every password in the group, as its content changes.",
});

/** The share dialog, the same for a credential, a customer and a credential group. */
export function ShareDialog({ open, tenant, subject, subjectName, onClose }: { open: boolean; tenant: string; subject: ShareSubject; subjectName: string; onClose: () => void }) {
  const words = useTerminology();
  return (
    <Dialog open={open} onClose={onClose} title={`Share ${subjectName}`} description={descriptions(words.customer.toLowerCase())[subject.type]}>
      <ShareForm tenant={tenant} subject={subject} subjectName={subjectName} onDone={onClose} />
    </Dialog>
  );
}
