import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { connectPostgres, postgresRoute } from "@/db/postgres-connection";

/** A directory holding a (fake) socket file for `port`, as PostgreSQL names it. */
function socketDir(port: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pgsock-"));
  writeFileSync(path.join(dir, `.s.PGSQL.${port}`), "");
  return dir;
}

describe("how the app reaches PostgreSQL (DATABASE_SOCKET, host= in the URL, a local socket)", () => {
  it("takes DATABASE_SOCKET as a directory or a file, and `off` as TCP always", () => {
    const dir = socketDir(6543);
    expect(postgresRoute("postgres://u@db.example:6543/app", { DATABASE_SOCKET: dir })).toEqual({
      url: "postgres://u@db.example:6543/app",
      socket: path.join(dir, ".s.PGSQL.6543"),
      explicit: true,
    });
    expect(postgresRoute("postgres://u@localhost/app", { DATABASE_SOCKET: "/run/pg/.s.PGSQL.5432" }).socket).toBe("/run/pg/.s.PGSQL.5432");
    expect(postgresRoute("postgres://u@localhost/app", { DATABASE_SOCKET: "off" })).toEqual({ url: "postgres://u@localhost/app", explicit: false });
  });

  it("reads libpq's host=/dir from the URL and leaves it out of what the driver sees (it would send it as a setting)", () => {
    const dir = socketDir(5432);
    const route = postgresRoute(`postgres://u:secret@localhost/app?host=${encodeURIComponent(dir)}&application_name=x`, {});
    expect(route).toEqual({ url: "postgres://u:secret@localhost/app?application_name=x", socket: path.join(dir, ".s.PGSQL.5432"), explicit: true });
  });

  it("leaves a URL naming several hosts (a failover pair) to the driver, on TCP, unchanged", () => {
    const url = "postgres://u:p@127.0.0.1:5432,127.0.0.1:5433/app";
    expect(postgresRoute(url, {}, [socketDir(5432)])).toEqual({ url, explicit: false });
  });

  it("stays on TCP for another machine, or when the URL asks for TLS", () => {
    expect(postgresRoute("postgres://u@db.example:5432/app", {}).socket).toBeUndefined();
    expect(postgresRoute("postgres://u@10.0.0.5/app", {}).socket).toBeUndefined();
    expect(postgresRoute("postgres://u@127.0.0.1/app?sslmode=require", {}).socket).toBeUndefined();
  });

  it("finds a socket for the URL's port in the socket directories when the URL names this machine", () => {
    const dir = socketDir(5433);
    expect(postgresRoute("postgres://u@127.0.0.1:5433/app", {}, [dir])).toEqual({ url: "postgres://u@127.0.0.1:5433/app", socket: path.join(dir, ".s.PGSQL.5433"), explicit: false });
    expect(postgresRoute("postgres://u@localhost:5434/app", {}, [dir]).socket).toBeUndefined(); // no socket for that port
  });

  it("falls back to TCP, with a warning, when a socket found on its own refuses the connection", async () => {
    // A Unix socket that hangs up on every connection, where the server's would be.
    const dir = mkdtempSync(path.join(os.tmpdir(), "pgsock-"));
    const refuser = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refuser.listen(path.join(dir, ".s.PGSQL.5439"), resolve));
    const warnings: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((message: string) => void warnings.push(message));
    try {
      const { sql, transport } = await connectPostgres("postgres://u:secret@127.0.0.1:5439/app", { max: 1, connect_timeout: 2 }, {}, [dir]);
      expect(transport).toBe("tcp 127.0.0.1:5439");
      await sql.end({ timeout: 1 });
    } finally {
      warn.mockRestore();
      refuser.close();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("using TCP");
    expect(warnings[0]).not.toContain("secret");
  });

  it("does not fall back from a socket the configuration names", async () => {
    const dir = socketDir(5440); // a plain file, not a socket: the first query fails, and that is the caller's error
    const { sql, transport } = await connectPostgres("postgres://u@127.0.0.1:5440/app", { max: 1, connect_timeout: 2 }, { DATABASE_SOCKET: dir });
    expect(transport).toBe(`unix socket ${path.join(dir, ".s.PGSQL.5440")}`);
    await expect(sql`select 1`).rejects.toThrow();
    await sql.end({ timeout: 1 });
  });
});
