/** A tiny HTTP API, the kind of service a load spec gates: a health check and a JSON endpoint. */
export function startExampleServer(port = 0) {
  const products = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `product-${i}`, price: 9.99 + i }));
  return Bun.serve({
    hostname: "127.0.0.1",
    port,
    fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname === "/health") return new Response("ok");
      if (pathname === "/products") return Response.json(products);
      return new Response("not found", { status: 404 });
    },
  });
}
