import http from "node:http";
import type { AddressInfo } from "node:net";
import { SIM_JUDGE_MODEL, SIM_REFLECTION_MODEL } from "../config";
import { attemptCounter, handleSimChat, simModelList, type SimFaults } from "./handler";

export interface SimServer {
  baseURL: string;
  close: () => Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** The simulated model behind a real OpenAI-compatible HTTP endpoint on loopback. */
export function startSimServer(options: { seed: number; faults: SimFaults; port?: number }): Promise<SimServer> {
  const nextAttempt = attemptCounter();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET" && request.url?.endsWith("/models")) return send(200, simModelList([SIM_JUDGE_MODEL, SIM_REFLECTION_MODEL]));
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) return send(404, { error: { message: "Not found.", type: "invalid_request_error" } });
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, { error: { message: "The body is not JSON.", type: "invalid_request_error" } });
      }
      const result = handleSimChat(body, { seed: options.seed, faults: options.faults, attempt: nextAttempt(body) });
      if (result.kind === "hang") {
        // Never answers; the client's timeout must give up on it.
        hanging.add(response);
        response.on("close", () => hanging.delete(response));
        return;
      }
      setTimeout(() => send(result.status, result.body, result.headers), options.faults.latencyMs);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseURL: `http://127.0.0.1:${port}/v1`,
        close: () =>
          new Promise<void>((done) => {
            for (const response of hanging) response.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
