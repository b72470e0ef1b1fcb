import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM from disk, argon2 is a native addon, and the rotation connectors' drivers (ssh2 with its
  // optional native crypto, mysql2, ldapts) are plain Node packages: keep them all out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "ssh2", "mysql2", "ldapts", "inngest"],
  poweredByHeader: false,
  typedRoutes: false,
  // The build type-checks the app only; `npm run typecheck` (part of `npm test`) covers tests and scripts too.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
