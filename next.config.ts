import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM from disk and argon2 is a native addon: keep both out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // The build type-checks the app only; `npm run typecheck` (part of `npm test`) covers tests and scripts too.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
