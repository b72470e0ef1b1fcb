import type { ComponentProps } from "react";

export const controlClasses =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm " +
  "placeholder:text-slate-400 focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-offset-0 " +
  "focus-visible:outline-blue-600 disabled:bg-slate-100 disabled:text-slate-500 " +
  "aria-invalid:border-red-500 aria-invalid:focus-visible:outline-red-600";

export function Input({ className = "", ...rest }: ComponentProps<"input">) {
  return <input className={`${controlClasses} ${className}`} {...rest} />;
}
