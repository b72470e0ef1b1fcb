import type { ComponentProps } from "react";

/**
 * A revealed secret on one line in monospace: a long one scrolls sideways inside its box instead of wrapping, so
 * every character stays where it is read. Focusable, so the scroll works from the keyboard too.
 */
export function SecretText({ className = "", children, ...rest }: ComponentProps<"span">) {
  return (
    <span
      tabIndex={0}
      className={`inline-block max-w-full min-w-0 overflow-x-auto align-middle font-mono whitespace-nowrap select-all focus-visible:outline-2 focus-visible:outline-blue-600 ${className}`}
      {...rest}
    >
      {children}
    </span>
  );
}
