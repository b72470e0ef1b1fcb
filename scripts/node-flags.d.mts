/** The V8 flags the production server runs with (node-flags.mjs, plain JavaScript for scripts/start.mjs). */
export declare const SERVER_NODE_FLAGS: readonly string[];
