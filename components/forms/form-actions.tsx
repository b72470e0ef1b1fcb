import { Button } from "@/components/ui/button";

/** A form's submit button and its Cancel, which stays disabled while the submission runs. */
export function FormActions({ submitLabel, pending, onCancel }: { submitLabel: string; pending: boolean; onCancel: () => void }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
      <Button variant="ghost" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
    </div>
  );
}
