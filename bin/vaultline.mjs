#!/usr/bin/env node
// The `vaultline` command: the CLI is TypeScript (cli/), run through tsx's loader, a dependency of this package, so a
// fresh clone needs only `npm install` (no build step, which npm may not run for a package's own scripts).
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../cli/main.ts");
