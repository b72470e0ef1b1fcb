import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Runs `keepassxc-cli <command> [args]` quietly, answering its prompts (database password, new entry password…)
 * from `answers`, one per line. Returns what it printed on stdout.
 */
export function keepassxcCli(command: string, args: string[], answers: string[] = []): string {
  return execFileSync("keepassxc-cli", [command, "-q", ...args], {
    input: answers.map((answer) => `${answer}\n`).join(""),
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** The KDBX format version a file declares in its header ("3.1", "4.0"). */
export function kdbxVersion(file: string): string {
  const header = readFileSync(file);
  return `${header.readUInt16LE(10)}.${header.readUInt16LE(8)}`;
}
