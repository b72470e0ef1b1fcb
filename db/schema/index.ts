export * from "./tenants";
export * from "./users";
export * from "./memberships";
export * from "./keys";
export * from "./audit";
export * from "./email";
export * from "./entities";
