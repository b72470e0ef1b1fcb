import { Spinner } from "./spinner";

export function LoadingBlock({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-6 text-sm text-slate-600">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
