// Raw HTTP over a TCP socket, for what fetch() would normalise or refuse to send: paths with
// `..`, partial requests, slow clients.
import net from 'node:net';

/** Sends `text` as is and resolves to the whole answer as a string once the server closes. */
export function rawRequest(baseUrl, text, { timeoutMs = 10000 } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('end', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.setTimeout(timeoutMs, () => { socket.destroy(); reject(new Error('no answer in time')); });
  });
}

/** GET `path` exactly as written (Connection: close); resolves to {status, headers, body}. */
export async function rawGet(baseUrl, path, headers = {}) {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${new URL(baseUrl).host}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return parseResponse(await rawRequest(baseUrl, `${lines.join('\r\n')}\r\n\r\n`));
}

export function parseResponse(text) {
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split).split('\r\n');
  const status = Number(head[0].split(' ')[1]);
  const headers = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: text.slice(split + 4) };
}

/** Opens a socket and resolves to it once connected. */
export function connect(baseUrl) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}
