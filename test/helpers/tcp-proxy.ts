import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far, the dropped ones included. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a server that closes the first `drop` connections as soon as they
 * arrive, as a server restarting or failing over does, and passes the later ones through.
 */
export async function startDroppingProxy(target: { host: string; port: number }, drop: number): Promise<TcpProxy> {
  let accepted = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (++accepted <= drop) {
      client.destroy();
      return;
    }
    const upstream = connect(target);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => accepted,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
