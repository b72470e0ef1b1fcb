"use client";

import { useTheme } from "next-themes";
import { useEffect } from "react";
import { THEME_COLOR } from "@/lib/app-identity";
import { applyThemeColor } from "./saved-preferences";

/** Keeps the browser frame's colour (meta theme-color) on the theme chosen in the user menu, as it changes. */
export function ThemeColorSync() {
  const { theme } = useTheme();
  useEffect(() => applyThemeColor(theme, THEME_COLOR), [theme]);
  return null;
}
