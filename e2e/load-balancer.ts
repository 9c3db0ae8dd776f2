// A load balancer in front of several pgwarden instances, as small as can be: TCP on 127.0.0.1, every new connection
// goes to the instance the test chose last. Switching closes open connections, so the browser's next request lands on
// the new instance.
import net from 'node:net';

export interface LoadBalancer {
  url: string;
  sendTo: (port: number) => void;
  close: () => Promise<void>;
}

export async function startLoadBalancer(firstPort: number): Promise<LoadBalancer> {
  let target = firstPort;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const dropAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    sendTo: (next) => {
      target = next;
      dropAll();
    },
    close: () => {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
