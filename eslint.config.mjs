import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * Module boundaries (see STYLE.md, "Layers"), enforced with @typescript-eslint/no-restricted-imports because
 * only that version can let `import type` through.
 *
 * ESLint does not merge a rule's options across config blocks: the last matching block wins. So each block
 * below states the COMPLETE list of restrictions for its files, built from the pieces here:
 *   - everywhere except server/crypto/**: no @noble/ciphers (only server/crypto handles keys and plaintext).
 *     Tests of server/crypto (tests named crypto*.test.ts) are exempt: they cross-check our API against the raw
 *     library and known-answer vectors, and never ship;
 *   - components/** and app/**: also no @/db/* and no @/server/* (types are fine);
 *   - the server entry points of app/ (app/api/** route handlers, page.tsx and layout.tsx, which render on the
 *     server) may call @/server/*, still never @/db/* directly: routes call services, services call db;
 *   - server-side layers, each only downwards: routers never open transactions (@/db/client); services never reach
 *     into the job engine (server/jobs; they record events in server/events, whose wakeOutboxReader wakes it); the
 *     engine never calls connectors (their errors say retryability through ExternalFailure); connectors never touch the database
 *     or services; server/crypto never calls services; db/ and lib/ never import server/ (lib/ not db/ either).
 */
const noCiphers = {
  group: ["@noble/ciphers", "@noble/ciphers/**"],
  message: "Only server/crypto may use @noble/ciphers: call the server/crypto API instead.",
};
const noDb = {
  group: ["@/db", "@/db/**"],
  allowTypeImports: true,
  message: "app/ and components/ never touch the database: go through server/ (type imports are allowed).",
};
const noServer = {
  group: ["@/server", "@/server/**"],
  allowTypeImports: true,
  message: "components/ and client code never import server/ (type imports are allowed); fetch through tRPC.",
};
// The same two boundaries for relative paths that climb out to the repository root (../../server/x).
const noRelativeDb = { regex: "^(\\.\\./)+db(/|$)", allowTypeImports: true, message: noDb.message };
const noRelativeServer = { regex: "^(\\.\\./)+server(/|$)", allowTypeImports: true, message: noServer.message };

const noDbClient = {
  group: ["@/db/client"],
  message: "Routers validate and delegate: services open and use transactions (ctx.scope carries one).",
};
const noJobs = {
  group: ["@/server/jobs", "@/server/jobs/**"],
  message: "Routers and services never import the job engine: record events with @/server/events/outbox (wakeOutboxReader wakes it).",
};
const noRelativeJobs = { regex: "^(\\.\\./)+jobs(/|$)", message: noJobs.message };
const noServices = {
  group: ["@/server/services", "@/server/services/**"],
  message: "This layer sits below server/services and must not call up into it.",
};
const noConnectors = {
  group: ["@/server/connectors", "@/server/connectors/**"],
  message: "The job engine runs workflows, which call services; it never talks to targets (retryability: ExternalFailure).",
};
const noRelativeServices = { regex: "^(\\.\\./)+services(/|$)", message: noServices.message };
const noDbAtAll = {
  group: ["@/db", "@/db/**"],
  message: "Connectors and lib/ never touch the database: the caller passes what they need.",
};
const noRelativeDbAtAll = { regex: "^(\\.\\./)+db(/|$)", message: noDbAtAll.message };
const noServerAtAll = {
  group: ["@/server", "@/server/**"],
  message: "db/ and lib/ sit below server/: put what both need in lib/ (types included).",
};
const noRelativeServerAtAll = { regex: "^(\\.\\./)+server(/|$)", message: noServerAtAll.message };

const restrict = (...patterns) => ({ "@typescript-eslint/no-restricted-imports": ["error", { patterns }] });

const sourceFiles = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    ".data/**",
    ".data*/**",
    "db/migrations/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    files: sourceFiles,
    ignores: ["server/crypto/**", "tests/**/crypto*.test.ts"],
    rules: restrict(noCiphers),
  },
  {
    files: ["app/**", "components/**"],
    rules: restrict(noCiphers, noDb, noServer, noRelativeDb, noRelativeServer),
  },
  {
    files: ["app/api/**", "app/**/page.tsx", "app/**/layout.tsx"],
    rules: restrict(noCiphers, noDb, noRelativeDb),
  },
  {
    files: ["server/routers/**"],
    rules: restrict(noCiphers, noDbClient, noJobs, noRelativeJobs),
  },
  {
    files: ["server/services/**"],
    rules: restrict(noCiphers, noJobs, noRelativeJobs),
  },
  {
    files: ["server/jobs/**"],
    rules: restrict(noCiphers, noConnectors),
  },
  {
    files: ["server/connectors/**"],
    rules: restrict(noCiphers, noDbAtAll, noRelativeDbAtAll, noServices, noRelativeServices),
  },
  {
    files: ["server/crypto/**"],
    rules: restrict(noServices, noRelativeServices),
  },
  {
    files: ["db/**"],
    rules: restrict(noCiphers, noServerAtAll, noRelativeServerAtAll),
  },
  {
    files: ["lib/**"],
    rules: restrict(noCiphers, noServerAtAll, noRelativeServerAtAll, noDbAtAll, noRelativeDbAtAll),
  },
]);
