import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(tsx?|css)$/.test(file))
    .map((file) => path.join(root, dir, file));
}

/** Palettes named in colour utilities (`bg-amber-50`, `text-white`), except black, which reads the same in both. */
function palettesUsed(): Set<string> {
  const utility = /\b(?:bg|text|border|ring|outline|divide|fill|stroke|placeholder|decoration|accent|caret|from|via|to)-([a-z]+)-(?:50|[1-9]00|950)\b|\b(?:bg|text|border|ring)-(white)\b/g;
  const used = new Set<string>();
  for (const file of [...sourceFiles("app"), ...sourceFiles("components")]) {
    for (const match of readFileSync(file, "utf8").matchAll(utility)) used.add(match[1] ?? match[2]!);
  }
  return used;
}

describe("dark theme", () => {
  // The dark theme swaps palettes in app/globals.css instead of styling each element; a palette left out would
  // keep its light-theme colours on a dark page.
  it("swaps every palette the interface uses", () => {
    const css = readFileSync(path.join(root, "app/globals.css"), "utf8");
    const darkBlock = css.slice(css.indexOf(":root.dark"));
    const used = palettesUsed();
    expect(used.size).toBeGreaterThan(3);
    for (const palette of used) {
      const swapped = palette === "white" ? /--color-white:/ : new RegExp(`--color-${palette}-50:[\\s\\S]*--color-${palette}-900:`);
      expect(darkBlock, `palette ${palette}`).toMatch(swapped);
    }
  });
});
