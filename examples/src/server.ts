/** A tiny HTTP API, the kind of service a load spec gates: a health check and a JSON endpoint. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A running example server and how to stop it. */
export interface ExampleServer {
  readonly port: number;
  stop(): Promise<void>;
}

const products = JSON.stringify(
  Array.from({ length: 50 }, (_, i) => ({ id: i, name: `product-${i}`, price: 9.99 + i })),
);

/** Starts the server on 127.0.0.1 (node:http, so the same spec runs under Bun and Deno). */
export async function startExampleServer(port = 0): Promise<ExampleServer> {
  const server: Server = createServer((request, response) => {
    if (request.url === "/health") return void response.end("ok");
    if (request.url === "/products") {
      response.setHeader("content-type", "application/json");
      return void response.end(products);
    }
    response.statusCode = 404;
    response.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
