import type { ButtonHTMLAttributes, ReactNode } from "react";
import { Spinner } from "@/components/ui/spinner";

/** A compact square button for row actions; `label` is its accessible name and tooltip. */
export function IconButton({ label, pending, children, className = "", ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { label: string; pending?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={pending || rest.disabled}
      className={`inline-flex size-7 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-50 ${className}`}
      {...rest}
    >
      {pending ? <Spinner /> : children}
    </button>
  );
}
