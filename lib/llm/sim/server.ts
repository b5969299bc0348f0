import http from "node:http";
import type { AddressInfo } from "node:net";
import { attemptCounter, handleSimChat, simModelList, type SimFaults } from "./handler";
import type { SimWorld } from "./world";

export interface SimServer {
  baseURL: string;
  close: () => Promise<void>;
}

/** Larger bodies get a 413 without being read further, as API gateways answer. */
export const SIM_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The simulated models behind a real OpenAI-compatible HTTP endpoint on loopback. */
export interface SimServerOptions {
  seed: number;
  faults: SimFaults;
  port?: number;
  /** What the models know; the built-in worlds when not given. */
  worlds?: SimWorld[];
  /** Sees every parsed request body, for benchmarks that check what was sent. */
  observe?: (body: unknown) => void;
}

export function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const nextAttempt = attemptCounter();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.headersSent) return;
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET" && request.url?.endsWith("/models")) return send(200, simModelList());
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) return send(404, { error: { message: "Not found.", type: "invalid_request_error" } });
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SIM_MAX_BODY_BYTES) chunks.push(chunk);
      else {
        send(413, { error: { message: `The request body is over ${SIM_MAX_BODY_BYTES} bytes.`, type: "invalid_request_error" } }, { connection: "close" });
        request.destroy();
      }
    });
    request.on("end", () => {
      if (size > SIM_MAX_BODY_BYTES) return;
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return send(400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error" } });
      }
      options.observe?.(body);
      const result = handleSimChat(body, { seed: options.seed, faults: options.faults, attempt: nextAttempt(text), worlds: options.worlds });
      if (result.kind === "hang") {
        // Never answers; the client's timeout must give up on it.
        hanging.add(response);
        response.on("close", () => hanging.delete(response));
        return;
      }
      setTimeout(() => send(result.status, result.body, result.headers), options.faults.latencyMs + (result.latencyMs ?? 0));
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
