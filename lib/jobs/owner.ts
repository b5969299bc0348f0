import os from "node:os";

/**
 * Who runs a job: "role@host#pid#start". The start time tells a process apart from a later one
 * that got the same pid; the host says whether this process can check that the owner is alive.
 */
const startedAt = Date.now();
let role = "process";

export function setProcessRole(name: "web" | "cli" | "worker" | "import" | "test"): void {
  role = name;
}

export function processOwner(): string {
  return `${role}@${os.hostname()}#${process.pid}#${startedAt}`;
}

function parseOwner(owner: string): { host: string; pid: number; start: number } | null {
  const match = /^[a-z]+@(.+)#(\d+)#(\d+)$/.exec(owner);
  if (!match) return null;
  return { host: match[1]!, pid: Number(match[2]), start: Number(match[3]) };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True only when the owner is certainly gone: a process on this host that no longer exists, or an
 * earlier process with this very pid. An owner on another host is alive until its lease runs out.
 */
export function isDeadOwner(owner: string): boolean {
  const parsed = parseOwner(owner);
  if (!parsed || parsed.host !== os.hostname()) return false;
  if (parsed.pid === process.pid) return parsed.start !== startedAt;
  return !pidAlive(parsed.pid);
}

const roleNames: Record<string, string> = { web: "the web server", cli: "a command-line run", worker: "a worker", import: "an import process" };

/** An owner for messages: "the web server (process 4242 on build-1)". */
export function describeOwner(owner: string | null): string {
  if (!owner) return "nobody";
  const parsed = parseOwner(owner);
  if (!parsed) return owner;
  const where = `process ${parsed.pid} on ${parsed.host}`;
  const role = roleNames[owner.slice(0, owner.indexOf("@"))];
  return role ? `${role} (${where})` : where;
}
