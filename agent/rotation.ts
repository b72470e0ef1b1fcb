import { spawn } from "node:child_process";
import type { AgentTask, TaskResult } from "../lib/agent-protocol";
import { accountExists } from "./inventory";
import { log } from "./log";
import { openSealedTask } from "./seal";

export type ChangePassword = (username: string, newPassword: string) => Promise<void>;

const CHPASSWD_TIMEOUT_MS = 60_000;

/**
 * Sets a password with chpasswd(8). The password goes through stdin only: a command line is visible to every
 * user in `ps`. `command` lets tests stand in for chpasswd.
 */
export function changePasswordWithChpasswd(username: string, newPassword: string, command: readonly string[] = ["chpasswd"]): Promise<void> {
  // chpasswd reads one "user:password" per line: a line break would smuggle in a second account.
  if (/[\r\n\0]/.test(newPassword)) return Promise.reject(new Error("the new password contains a line break or NUL, which chpasswd cannot take"));
  const [program, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program!, args, { stdio: ["pipe", "ignore", "pipe"], timeout: CHPASSWD_TIMEOUT_MS });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error) => reject(new Error(`could not run ${program}: ${error.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      // chpasswd does not echo passwords, but a stand-in or a PAM module might: never let one reach a report.
      const detail = stderr.split(newPassword).join("[redacted]").trim().slice(0, 500);
      reject(new Error(`${program} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${detail ? `: ${detail}` : ""}`));
    });
    child.stdin.on("error", () => {
      // The child died before reading; "close" reports it.
    });
    child.stdin.end(`${username}:${newPassword}\n`);
  });
}

export type ApplyOptions = {
  privateKeyPem: string;
  dryRun: boolean;
  changePassword?: ChangePassword;
  accountExists?: (username: string) => boolean;
};

/** Runs one task to a result; a failure becomes a failed result with a reason, never an exception. */
export async function applyTask(task: AgentTask, options: ApplyOptions): Promise<TaskResult> {
  const failed = (error: string): TaskResult => {
    log(`task ${task.taskId}: failed: ${error}`);
    return { taskId: task.taskId, status: "failed", error: error.slice(0, 1000) };
  };
  const exists = options.accountExists ?? accountExists;
  if (!exists(task.username)) return failed(`no local account ${task.username} in /etc/passwd`);

  let payload;
  try {
    payload = openSealedTask(task.sealed, task.taskId, options.privateKeyPem);
  } catch (error) {
    return failed((error as Error).message);
  }
  // The sealed username is the one the server vouches for; the clear one could have been altered in transit.
  if (payload.username !== task.username) return failed(`the sealed task is for ${payload.username}, not ${task.username}`);

  if (options.dryRun) {
    log(`dry run: would change the password of ${task.username}`);
    return { taskId: task.taskId, status: "succeeded" };
  }
  try {
    await (options.changePassword ?? changePasswordWithChpasswd)(task.username, payload.newPassword);
  } catch (error) {
    return failed((error as Error).message);
  }
  log(`task ${task.taskId}: changed the password of ${task.username}`);
  return { taskId: task.taskId, status: "succeeded" };
}
