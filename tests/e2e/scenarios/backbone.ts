/**
 * The backbone scenarios (backbone, crossbrowser and the Firefox toolbox suites): one page that ends
 * sockets in every way; results land in window.results, window.allDone settles at the end.
 */
export const backbonePage = (ws: string, refusedPort: number): string => `
window.results = {};
const done = [];
function track(name, url, onopen) {
  const sock = new WebSocket(url);
  done.push(new Promise((resolve) => {
    sock.addEventListener('close', (e) => { results[name + ':close'] = e.code + '|' + e.reason + '|' + e.wasClean; resolve(); });
  }));
  sock.addEventListener('error', () => { results[name + ':error'] = 'error'; });
  if (onopen) sock.addEventListener('open', () => onopen(sock));
  return sock;
}
function attempt(name, fn) {
  try { fn(); results[name] = 'ok'; }
  catch (e) { results[name] = (e instanceof DOMException ? 'DOMException:' : 'other:') + e.name + ':' + e.message; }
}
track('normal1000', '${ws}/echo?case=normal1000', (s) => s.close(1000));
track('app4001', '${ws}/echo?case=app4001', (s) => s.close(4001, 'session expired'));
// The server closes or drops when the page's open handler tells it to (see demo/servers.ts).
const go = (s) => s.send('go');
track('server1001', '${ws}/server-close?case=server1001&code=1001&reason=' + encodeURIComponent('server going down'), go);
track('drop', '${ws}/drop?case=drop', go);
track('refused', 'ws://127.0.0.1:${refusedPort}/refused');
const connecting = track('connecting', '${ws}/echo?case=connecting');
connecting.close();
track('invalid1001', '${ws}/echo?case=invalid1001', (s) => {
  attempt('close1001', () => s.close(1001));
  attempt('close124', () => s.close(1000, 'x'.repeat(124)));
  s.close(1000, 'fine');
});
const frame = document.createElement('iframe');
frame.srcdoc = '<script>const f = new WebSocket("${ws}/echo?case=iframe"); f.onopen = () => f.close(4002, "from frame");<\\/script>';
document.body.append(frame);
window.allDone = Promise.all(done);
`;
