import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Client, type ClientChannel } from "ssh2";
import { catalogEntry, sshOptionsSchema } from "@/lib/connector-catalog";
import { connectorFailure, isTransient } from "./failure";
import { type ApplyRequest, type Connector, ConnectorError, type ConnectorTarget, type Login, scrubSecrets } from "./types";

class AuthenticationRejected extends Error {}

function fingerprint(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64").replace(/=+$/, "");
}

function login(target: ConnectorTarget, credentials: Login): Promise<Client> {
  const { hostKeySha256 } = sshOptionsSchema.parse(target.options);
  const client = new Client();
  let presentedKey: string | null = null;
  return new Promise((resolve, reject) => {
    client.once("ready", () => resolve(client));
    // `on`, not `once`: a target that resets the connection after refusing the password sends a second error, and
    // an EventEmitter error without a listener would crash the server. Later calls to reject change nothing.
    client.on("error", (error: Error & { level?: string }) => {
      client.end();
      if (presentedKey !== null && presentedKey !== hostKeySha256) {
        reject(new ConnectorError(`The SSH host key of ${target.host} is SHA256:${presentedKey}, not the expected SHA256:${hostKeySha256}: refusing to log in.`, false));
      } else if (error.level === "client-authentication") {
        reject(new AuthenticationRejected(error.message));
      } else {
        reject(connectorFailure(`Could not reach SSH on ${target.host}:${target.port}`, error, [credentials.password], isTransient(error) || error.level === "client-timeout"));
      }
    });
    // PAM often asks for the password through keyboard-interactive; answer password prompts and nothing else.
    client.on("keyboard-interactive", (_name, _instructions, _language, prompts, finish) => {
      if (prompts.every((prompt) => /password/i.test(prompt.prompt))) finish(prompts.map(() => credentials.password));
      else finish([]);
    });
    client.connect({
      host: target.address,
      port: target.port,
      username: credentials.username,
      password: credentials.password,
      tryKeyboard: true,
      readyTimeout: 10_000,
      hostVerifier: hostKeySha256
        ? (key: Buffer) => {
            presentedKey = fingerprint(key);
            return presentedKey === hostKeySha256;
          }
        : undefined,
    });
  });
}

type Output = { code: number | null; stdout: string; stderr: string };

// A remote command that waits for input it never gets (an unexpected prompt) must not hold the job step forever.
const COMMAND_TIMEOUT_MS = 30_000;

/** Runs a command; `converse` sees the output as it arrives and may answer on stdin (prompts, markers). */
function run(
  client: Client,
  command: string,
  options: { pty?: boolean; stdin?: string; converse?: (output: Output, channel: ClientChannel) => void } = {},
): Promise<Output> {
  return new Promise((resolve, reject) => {
    client.exec(command, { pty: options.pty ?? false }, (error, channel) => {
      if (error) return reject(error);
      const output: Output = { code: null, stdout: "", stderr: "" };
      const timer = setTimeout(() => {
        reject(new ConnectorError(`${command.split(" ")[0]} on the target did not finish within ${COMMAND_TIMEOUT_MS / 1000} s.`, true));
        channel.close();
      }, COMMAND_TIMEOUT_MS);
      channel.on("data", (chunk: Buffer) => {
        output.stdout += chunk.toString("utf8");
        options.converse?.(output, channel);
      });
      channel.stderr.on("data", (chunk: Buffer) => {
        output.stderr += chunk.toString("utf8");
        options.converse?.(output, channel);
      });
      channel.on("exit", (code: number | null) => {
        output.code = code;
      });
      channel.on("close", () => {
        clearTimeout(timer);
        resolve(output);
      });
      if (options.stdin !== undefined) channel.end(options.stdin);
    });
  });
}

function assertSafeForChpasswd(username: string, password: string) {
  // chpasswd reads "user:password" lines: a newline would start a second line, a colon would move the split.
  if (/[:\s]/.test(username) || username.length === 0) {
    throw new ConnectorError(`"${username}" is not a valid Linux user name.`, false);
  }
  if (/[\r\n\0]/.test(password)) throw new ConnectorError("The new password contains a line break or NUL, which Linux tools cannot take.", false);
}

function failed(what: string, output: Output, secrets: Array<string | null | undefined>): ConnectorError {
  const detail = (output.stderr || output.stdout).trim() || `exit code ${output.code}`;
  return new ConnectorError(scrubSecrets(`${what}: ${detail}`, secrets), false);
}

/**
 * sudo reads its password from stdin (-S), and so does chpasswd after it: the line for chpasswd goes only once the
 * shell sudo started says it runs, so a refused sudo password never makes sudo read the new password as a second
 * attempt, and a NOPASSWD rule never makes chpasswd read the sudo password. -k: always ask, ignoring a cache.
 */
async function chpasswd(client: Client, { account, privileged, newPassword }: ApplyRequest, viaSudo: boolean) {
  const line = `${account.username}:${newPassword}\n`;
  if (!viaSudo) {
    return run(client, "chpasswd", { stdin: line });
  }
  const marker = randomBytes(6).toString("hex");
  const prompt = `VL-SUDO-${marker}:`;
  const ready = `VL-READY-${marker}`;
  let prompts = 0;
  let sent = false;
  let sudoRefused = false;
  const output = await run(client, `sudo -k -S -p '${prompt}' -- sh -c 'echo ${ready} >&2; exec chpasswd'`, {
    converse: (current, channel) => {
      const seen = current.stderr.split(prompt).length - 1;
      if (seen > prompts) {
        prompts = seen;
        if (prompts === 1) channel.write(`${privileged?.password ?? ""}\n`);
        else {
          sudoRefused = true;
          channel.close();
        }
      }
      if (!sent && current.stderr.includes(ready)) {
        sent = true;
        channel.end(line);
      }
    },
  });
  if (sudoRefused) throw new ConnectorError(`sudo refused the password of ${privileged?.username}.`, false);
  return { ...output, stderr: output.stderr.replaceAll(ready, "").split(prompt).join("") };
}

export const sshConnector: Connector = {
  ...catalogEntry("ssh"),

  async apply(request) {
    const { target, account, privileged, newPassword } = request;
    const { sudo } = sshOptionsSchema.parse(target.options);
    const secrets = [newPassword, account.password, privileged?.password];
    assertSafeForChpasswd(account.username, newPassword);
    // Applied before (the account already has the new password): nothing left to do, and the old one would fail.
    if (!privileged && (await sshConnector.verify(target, { username: account.username, password: newPassword })) === "ok") return;

    const credentials = privileged ?? account;
    const client = await login(target, credentials).catch((error: unknown) => {
      if (error instanceof AuthenticationRejected) {
        throw new ConnectorError(`SSH on ${target.host} refused the password of ${credentials.username}.`, false);
      }
      throw error;
    });
    try {
      if (!privileged) {
        await passwdAsSelf(client, request, secrets);
        return;
      }
      const uid = await run(client, "id -u");
      if (uid.stdout.trim() === "0") {
        const output = await chpasswd(client, request, false);
        if (output.code !== 0) throw failed(`chpasswd failed for ${account.username}`, output, secrets);
      } else if (sudo) {
        const output = await chpasswd(client, request, true);
        if (output.code !== 0) throw failed(`sudo chpasswd failed for ${account.username}`, output, secrets);
      } else {
        throw new ConnectorError(`${privileged.username} is not root: turn on "Use sudo" for this target, or use root.`, false);
      }
    } catch (error) {
      throw connectorFailure(`Changing the password of ${account.username} over SSH failed`, error, secrets);
    } finally {
      client.end();
    }
  },

  async verify(target, credentials) {
    try {
      const client = await login(target, credentials);
      client.end();
      return "ok";
    } catch (error) {
      if (error instanceof AuthenticationRejected) return "rejected";
      throw error;
    }
  },
};

/** Debian's passwd, driven through a pty the way a person would: current password, new, new again. */
async function passwdAsSelf(client: Client, { account, newPassword }: ApplyRequest, secrets: Array<string | null | undefined>) {
  let answered = 0;
  let newPrompts = 0;
  const output = await run(client, "passwd", {
    pty: true,
    converse: (current, channel) => {
      const tail = current.stdout.slice(-200);
      const lastLine = tail.split(/\r?\n/).pop() ?? "";
      if (!/:\s*$/.test(lastLine) || current.stdout.length === answered) return;
      answered = current.stdout.length;
      if (/(current|old)[^:]*password/i.test(lastLine)) channel.write(`${account.password}\n`);
      else if (/(new|retype|re-enter|again)[^:]*password/i.test(lastLine)) {
        newPrompts += 1;
        // Two prompts per attempt; a third means passwd refused the new password and asks again.
        if (newPrompts > 2) channel.close();
        else channel.write(`${newPassword}\n`);
      }
    },
  });
  if (output.code !== 0) throw failed(`passwd refused to change the password of ${account.username}`, output, secrets);
}
