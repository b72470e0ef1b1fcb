import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "@/scripts/node-flags.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });

describe("the production server's V8 flags", () => {
  it("are what npm start gives the server's node", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${SERVER_NODE_FLAGS.join(" ")} scripts/start.mjs`);
  });

  it("are flags this node knows (it refuses a misspelt one), and reach the process's execArgv", () => {
    expect(SERVER_NODE_FLAGS).toContain("--heap-growing-percent=25");
    const printExecArgv = ["-p", "JSON.stringify(process.execArgv)"];
    const run = node([...SERVER_NODE_FLAGS, ...printExecArgv]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([...SERVER_NODE_FLAGS, ...printExecArgv]);
    expect(node(["--heap-growing-percentage=25", "-e", ""]).status).not.toBe(0);
  });

  it("are required: started without them, scripts/start.mjs refuses before building or serving anything", () => {
    const run = node(["scripts/start.mjs"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`needs node's flags ${SERVER_NODE_FLAGS.join(" ")}`);
    expect(run.stdout).toBe("");
  });
});
