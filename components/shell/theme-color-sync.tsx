"use client";

import { usePathname } from "next/navigation";
import { useTheme } from "next-themes";
import { useEffect } from "react";
import { THEME_COLOR } from "@/lib/app-identity";
import { applyThemeColor } from "./saved-preferences";

/**
 * Keeps the browser frame's colour (meta theme-color) on the theme chosen in the user menu, as it changes, and after
 * each navigation (Next.js may render the viewport's tags afresh).
 */
export function ThemeColorSync() {
  const { theme } = useTheme();
  const pathname = usePathname();
  useEffect(() => applyThemeColor(theme, THEME_COLOR), [theme, pathname]);
  return null;
}
