import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { unavailable } from "./requirements";
import { LOOPBACK } from "./target-addresses";

/*
 * Throwaway rotation targets on 127.0.0.1 for the connector tests: started on first use, reused afterwards (by
 * later files, workers and the second test pass), never stopped. Each helper returns the details, or why the
 * service is not there. Every test makes its own accounts with random names, so runs never collide.
 */

export type Availability<T> = { target: T; reason?: undefined } | { target: null; reason: string };

const ROOT = "/tmp/vaultline-targets";

/** A rotation target the tests start on first use, or null (skipped locally, a failure under CI=true: see unavailable). */
export async function requireService<T>(service: string, start: () => Promise<Availability<T>>): Promise<T | null> {
  let availability: Availability<T>;
  try {
    availability = await start();
  } catch (error) {
    availability = { target: null, reason: error instanceof Error ? error.message : String(error) };
  }
  if (availability.reason === undefined) return availability.target;
  unavailable(service, availability.reason);
  return null;
}

export function randomSuffix(): string {
  return randomBytes(5).toString("hex");
}

/** A password with every awkward character a connector must quote: quotes, backslash, colon, spaces, non-ASCII. */
export function awkwardPassword(): string {
  return `Vl'"\\:$ ${randomBytes(9).toString("base64url")}-é`;
}

/** A plain printable password (what the Debian passwd and SCRAM paths see most of the time). */
export function plainPassword(): string {
  return `Vl-${randomBytes(12).toString("base64url")}-9x`;
}

function run(command: string, args: string[], input?: string): string {
  return execFileSync(command, args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

function which(command: string, candidates: string[]): string | null {
  return candidates.find((candidate) => existsSync(candidate)) ?? (() => {
    try {
      return run("sh", ["-c", `command -v ${command}`]).trim() || null;
    } catch {
      return null;
    }
  })();
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: LOOPBACK, port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitForPort(port: number, what: string, logFile: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await portOpen(port)) return;
    await sleep(100);
  }
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-1500) : "(no log)";
  throw new Error(`${what} did not start listening on ${LOOPBACK}:${port}. Log ${logFile}:\n${log}`);
}

/** Serialises starting a service across test workers and passes (mkdir is atomic). */
async function withLock<T>(name: string, action: () => Promise<T>): Promise<T> {
  mkdirSync(ROOT, { recursive: true });
  const lock = path.join(ROOT, `${name}.lock`);
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a minute belongs to a run that died.
      if (attempt > 600) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
  try {
    return await action();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: the machine's cluster trusts every 127.0.0.1 login, which would make "the old password fails"
// meaningless. So a second cluster of our own, whose TCP listener checks passwords (scram-sha-256); the tests
// create roles through its Unix socket, which trusts the postgres superuser.

export type PostgresTarget = { host: string; port: number; socketDir: string; logFile: string };

const PG_PORT = 55432;

export async function startPostgresTarget(): Promise<Availability<PostgresTarget>> {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((version) => `/usr/lib/postgresql/${version}/bin`).find((dir) => existsSync(`${dir}/initdb`));
  if (!bin) return { target: null, reason: "no initdb under /usr/lib/postgresql/*/bin (install postgresql)" };
  const dir = path.join(ROOT, "postgres");
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "socket");
  const logFile = path.join(dir, "postgres.log");
  const target = { host: LOOPBACK, port: PG_PORT, socketDir, logFile };
  const running = async () => existsSync(path.join(socketDir, `.s.PGSQL.${PG_PORT}`)) && (await portOpen(PG_PORT));

  const availability: Availability<PostgresTarget> = (await running())
    ? { target }
    : await withLock("postgres", async () => {
        if (await running()) return { target };
        if (await portOpen(PG_PORT)) return { target: null, reason: `port ${PG_PORT} is taken by something else` };
        mkdirSync(socketDir, { recursive: true });
        run("chown", ["-R", "postgres:postgres", dir]);
        if (!existsSync(path.join(data, "PG_VERSION"))) {
          run("runuser", ["-u", "postgres", "--", `${bin}/initdb`, "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"]);
          writeFileSync(
            path.join(data, "pg_hba.conf"),
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
          );
        }
        run("runuser", [
          "-u", "postgres", "--", `${bin}/pg_ctl`, "-D", data, "-l", logFile, "-w", "-t", "30",
          "-o", `-p ${PG_PORT} -k ${socketDir} -c listen_addresses=${LOOPBACK}`, "start",
        ]);
        await waitForPort(PG_PORT, "PostgreSQL", logFile);
        return { target };
      });
  if (availability.target) await observablePostgres(bin, availability.target);
  return availability;
}

/**
 * Turns on the connection log (so a test can prove what reached the cluster, or that nothing did) and TLS (with a
 * self-signed certificate, for ssl "require"), through ALTER SYSTEM and a reload: a cluster started before this
 * existed gets them too, without a restart under another test's feet.
 */
async function observablePostgres(bin: string, target: PostgresTarget): Promise<void> {
  const psql = (...statements: string[]) =>
    run(`${bin}/psql`, ["-h", target.socketDir, "-p", String(target.port), "-U", "postgres", "-d", "postgres", "-XAt", ...statements.flatMap((s) => ["-c", s])]).trim();
  const applied = () => psql("select current_setting('log_connections') || '/' || current_setting('ssl')") === "on/on";
  if (applied()) return;
  await withLock("postgres-settings", async () => {
    if (applied()) return;
    const tls = path.join(ROOT, "postgres", "tls");
    const certificate = path.join(tls, "server.crt");
    const key = path.join(tls, "server.key");
    if (!existsSync(certificate)) {
      mkdirSync(tls, { recursive: true });
      run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "3650", "-subj", "/CN=127.0.0.1"]);
      run("chown", ["-R", "postgres:postgres", tls]);
      chmodSync(key, 0o600);
    }
    // ALTER SYSTEM refuses to run in a transaction block, so one statement per -c.
    psql(
      `ALTER SYSTEM SET ssl_cert_file = '${certificate}'`,
      `ALTER SYSTEM SET ssl_key_file = '${key}'`,
      "ALTER SYSTEM SET ssl = on",
      "ALTER SYSTEM SET log_connections = on",
      "SELECT pg_reload_conf()",
    );
    for (let attempt = 0; attempt < 50 && !applied(); attempt++) await sleep(100);
    if (!applied()) throw new Error(`PostgreSQL did not take log_connections and ssl. Log ${target.logFile}:\n${readFileSync(target.logFile, "utf8").slice(-1500)}`);
  });
}

/** The lines the PostgreSQL target logs from now on (connections, and statements of roles set to log them). */
export function postgresLogFrom(target: PostgresTarget): { read: () => string } {
  const start = statSync(target.logFile).size;
  return { read: () => readFileSync(target.logFile).subarray(start).toString("utf8") };
}

// ---------------------------------------------------------------------------------------------------------------
// MariaDB / MySQL: the machine's server, where root may log in over TCP without a password; password checks are
// real for the accounts the tests create.

export type MysqlTarget = { host: string; port: number; rootUser: string; rootPassword: string };

export async function startMysqlTarget(): Promise<Availability<MysqlTarget>> {
  const target = { host: LOOPBACK, port: 3306, rootUser: "root", rootPassword: "" };
  if (!(await portOpen(target.port))) return { target: null, reason: `nothing listens on ${LOOPBACK}:3306 (start MariaDB)` };
  const { default: mysql } = await import("mysql2/promise");
  try {
    const connection = await mysql.createConnection({ host: target.host, port: target.port, user: "root", password: "" });
    await connection.end();
  } catch (error) {
    return { target: null, reason: `root cannot log in over TCP without a password: ${(error as Error).message}` };
  }
  return { target };
}

// ---------------------------------------------------------------------------------------------------------------
// OpenSSH: an sshd of our own on 127.0.0.1:2222 (own host key, config and pid file) that only lets in the
// throwaway vltest_* accounts, with password and keyboard-interactive logins through PAM.

export type SshTarget = { host: string; port: number; hostKeySha256: string; hasSudo: boolean };

const SSH_PORT = 2222;

export async function startSshTarget(): Promise<Availability<SshTarget>> {
  if (process.getuid?.() !== 0) return { target: null, reason: "the tests create Linux accounts (useradd, chpasswd), which needs root" };
  const sshd = which("sshd", ["/usr/sbin/sshd"]);
  if (!sshd) return { target: null, reason: "no /usr/sbin/sshd (apt-get install openssh-server)" };
  if (!which("chpasswd", ["/usr/sbin/chpasswd"]) || !which("useradd", ["/usr/sbin/useradd"])) {
    return { target: null, reason: "useradd/chpasswd are missing" };
  }
  const dir = path.join(ROOT, "ssh");
  const hostKey = path.join(dir, "host_ed25519_key");
  const pidFile = path.join(dir, "sshd.pid");
  const logFile = path.join(dir, "sshd.log");
  const details = () => ({
    host: LOOPBACK,
    port: SSH_PORT,
    hostKeySha256: fingerprint(readFileSync(`${hostKey}.pub`, "utf8")),
    hasSudo: which("sudo", ["/usr/bin/sudo"]) !== null,
  });
  const running = async () => existsSync(pidFile) && existsSync(`${hostKey}.pub`) && (await portOpen(SSH_PORT));
  if (await running()) return { target: details() };

  return withLock("ssh", async () => {
    if (await running()) return { target: details() };
    if (await portOpen(SSH_PORT)) return { target: null, reason: `port ${SSH_PORT} is taken by something else` };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(hostKey)) run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
    const config = path.join(dir, "sshd_config");
    writeFileSync(
      config,
      [
        `Port ${SSH_PORT}`,
        `ListenAddress ${LOOPBACK}`,
        `HostKey ${hostKey}`,
        `PidFile ${pidFile}`,
        "AllowUsers vltest_*",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication yes",
        "PubkeyAuthentication no",
        "UsePAM yes",
        // The root-path test logs in as a throwaway uid-0 alias; the machine's own root has no password.
        "PermitRootLogin yes",
        "MaxAuthTries 10",
        "LogLevel VERBOSE",
        "",
      ].join("\n"),
    );
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    run(sshd, ["-f", config, "-E", logFile]);
    await waitForPort(SSH_PORT, "sshd", logFile);
    return { target: details() };
  });
}

/** The fingerprint as `ssh-keygen -lf` prints it, without "SHA256:". */
function fingerprint(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? "", "base64");
  return createHash("sha256").update(blob).digest("base64").replace(/=+$/, "");
}

export type LinuxUser = { username: string; password: string; remove: () => void };

/**
 * A throwaway account: `sudo` adds a sudoers entry ("targetpw": one where sudo wants root's password, which no
 * one can give, so every sudo password is wrong); `uid0` makes it an alias of root (for the root path).
 */
export function createLinuxUser(options: { sudo?: boolean | "targetpw"; uid0?: boolean } = {}): LinuxUser {
  const username = `vltest_${randomSuffix()}`;
  const password = plainPassword();
  if (options.uid0) {
    run("useradd", ["-o", "-u", "0", "-g", "0", "-M", "-d", "/root", "-s", "/bin/sh", username]);
  } else {
    run("useradd", ["-m", "-s", "/bin/sh", username]);
  }
  run("chpasswd", [], `${username}:${password}\n`);
  const sudoers = `/etc/sudoers.d/${username}`;
  if (options.sudo) {
    const defaults = options.sudo === "targetpw" ? `Defaults:${username} targetpw\n` : "";
    writeFileSync(sudoers, `${defaults}${username} ALL=(root) ALL\n`);
    chmodSync(sudoers, 0o440);
  }
  return {
    username,
    password,
    remove: () => {
      rmSync(sudoers, { force: true });
      // -f: a uid-0 alias shares its uid with running root processes; never -r for it (its home is /root).
      run("userdel", options.uid0 ? ["-f", username] : ["-f", "-r", username]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// OpenLDAP: a slapd of our own (slapd.conf, mdb database in a temp dir) on 127.0.0.1:3891, and LDAPS on :6361,
// with a certificate from a throwaway CA (the directory sign-in verifies it against that CA). Users may change their
// own password, the rootdn anyone's. The ppolicy overlay refuses binds of an account whose pwdAccountLockedTime is
// set: how an OpenLDAP administrator disables an account. (Ports differ from the first version of this target,
// which had no CA and no ppolicy: a slapd still running from it is left alone.)

export type LdapTarget = {
  host: string;
  port: number;
  ldapsPort: number;
  suffix: string;
  peopleDn: string;
  groupsDn: string;
  adminDn: string;
  adminPassword: string;
  /** PEM of the CA that signed slapd's certificate (for 127.0.0.1 and localhost). */
  caCertificate: string;
};

const LDAP_PORT = 3891;
const LDAPS_PORT = 6361;
const LDAP_SUFFIX = "dc=vaultline,dc=test";

/** A CA and a server certificate it signed for 127.0.0.1 and localhost, made once in `dir`. */
function throwawayCertificates(dir: string) {
  const files = { ca: path.join(dir, "ca.pem"), certificate: path.join(dir, "cert.pem"), key: path.join(dir, "key.pem") };
  if (existsSync(files.certificate)) return files;
  const caKey = path.join(dir, "ca-key.pem");
  const request = path.join(dir, "cert.csr");
  const extensions = path.join(dir, "cert.ext");
  run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", files.ca, "-days", "30", "-subj", "/CN=Vaultline test CA"]);
  run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", files.key, "-out", request, "-subj", "/CN=127.0.0.1"]);
  writeFileSync(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
  run("openssl", ["x509", "-req", "-in", request, "-CA", files.ca, "-CAkey", caKey, "-CAcreateserial", "-out", files.certificate, "-days", "30", "-extfile", extensions]);
  return files;
}

export async function startLdapTarget(): Promise<Availability<LdapTarget>> {
  const slapd = which("slapd", ["/usr/sbin/slapd"]);
  if (!slapd) return { target: null, reason: "no /usr/sbin/slapd (apt-get install slapd)" };
  const dir = path.join(ROOT, "openldap");
  const pidFile = path.join(dir, "slapd.pid");
  const passwordFile = path.join(dir, "admin-password");
  const details = (): LdapTarget => ({
    host: LOOPBACK,
    port: LDAP_PORT,
    ldapsPort: LDAPS_PORT,
    suffix: LDAP_SUFFIX,
    peopleDn: `ou=people,${LDAP_SUFFIX}`,
    groupsDn: `ou=groups,${LDAP_SUFFIX}`,
    adminDn: `cn=admin,${LDAP_SUFFIX}`,
    adminPassword: readFileSync(passwordFile, "utf8").trim(),
    caCertificate: readFileSync(path.join(dir, "ca.pem"), "utf8"),
  });
  const running = async () => existsSync(pidFile) && existsSync(passwordFile) && (await portOpen(LDAP_PORT));
  if (await running()) return { target: details() };

  return withLock("openldap", async () => {
    if (await running()) return { target: details() };
    if (await portOpen(LDAP_PORT)) return { target: null, reason: `port ${LDAP_PORT} is taken by something else` };
    const data = path.join(dir, "data");
    mkdirSync(data, { recursive: true, mode: 0o700 });
    if (!existsSync(passwordFile)) writeFileSync(passwordFile, plainPassword(), { mode: 0o600 });
    const adminPassword = readFileSync(passwordFile, "utf8").trim();
    const { certificate, key } = throwawayCertificates(dir);
    const hashed = run("slappasswd", ["-T", passwordFile]).trim();
    const config = path.join(dir, "slapd.conf");
    writeFileSync(
      config,
      [
        "include /etc/ldap/schema/core.schema",
        "include /etc/ldap/schema/cosine.schema",
        "include /etc/ldap/schema/inetorgperson.schema",
        "modulepath /usr/lib/ldap",
        "moduleload back_mdb",
        "moduleload ppolicy",
        `pidfile ${pidFile}`,
        `argsfile ${path.join(dir, "slapd.args")}`,
        `TLSCertificateFile ${certificate}`,
        `TLSCertificateKeyFile ${key}`,
        "password-hash {SSHA}",
        "database mdb",
        "maxsize 67108864",
        `suffix "${LDAP_SUFFIX}"`,
        `rootdn "cn=admin,${LDAP_SUFFIX}"`,
        `rootpw ${hashed}`,
        `directory ${data}`,
        "overlay ppolicy",
        `ppolicy_default "cn=default,ou=policies,${LDAP_SUFFIX}"`,
        "access to attrs=userPassword",
        "  by self write",
        "  by anonymous auth",
        "  by * none",
        "access to * by * read",
        "",
      ].join("\n"),
    );
    run(slapd, ["-f", config, "-h", `ldap://${LOOPBACK}:${LDAP_PORT}/ ldaps://${LOOPBACK}:${LDAPS_PORT}/`]);
    await waitForPort(LDAP_PORT, "slapd", path.join(dir, "slapd.log"));

    const { Client } = await import("ldapts");
    const client = new Client({ url: `ldap://${LOOPBACK}:${LDAP_PORT}` });
    try {
      await client.bind(`cn=admin,${LDAP_SUFFIX}`, adminPassword);
      const { searchEntries } = await client.search(LDAP_SUFFIX, { scope: "base" }).catch(() => ({ searchEntries: [] }));
      if (searchEntries.length === 0) {
        await client.add(LDAP_SUFFIX, { objectClass: ["dcObject", "organization"], dc: "vaultline", o: "Vaultline tests" });
        for (const ou of ["people", "groups", "policies"]) await client.add(`ou=${ou},${LDAP_SUFFIX}`, { objectClass: "organizationalUnit", ou });
        // Lockout on, so a set pwdAccountLockedTime is honoured; no failure counting of its own.
        await client.add(`cn=default,ou=policies,${LDAP_SUFFIX}`, {
          objectClass: ["pwdPolicy", "device"],
          cn: "default",
          pwdAttribute: "userPassword",
          pwdLockout: "TRUE",
          pwdMaxFailure: "0",
        });
      }
    } finally {
      await client.unbind();
    }
    return { target: details() };
  });
}
