/**
 * The demo page: every close scenario the inspector knows, against the local `ws` server.
 */
export function demoPage(wsOrigin: string, refusedPort: number): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>WebSocket Close Inspector demo</title>
<style>body{font:14px system-ui;margin:2em;max-width:60em} li{margin:.2em 0} code{background:#f1f3f4;padding:0 .3em}</style>
</head>
<body>
<h1>WebSocket Close Inspector demo</h1>
<p>This page opens one WebSocket per scenario below. Open DevTools → <b>WS Closes</b> to inspect them,
and the Console for the inspector's warnings.</p>
<ol id="list"></ol>
<script>
const WS = ${JSON.stringify(wsOrigin)};
const list = document.getElementById('list');
function scenario(title, url, onopen, immediately) {
  const li = document.createElement('li');
  li.textContent = title + ' … ';
  list.append(li);
  const s = new WebSocket(url);
  s.addEventListener('close', (e) => { li.textContent = title + ' → close ' + e.code + (e.reason ? ' "' + e.reason + '"' : '') + ', wasClean ' + e.wasClean; });
  if (onopen) s.addEventListener('open', () => { try { onopen(s); } catch (e) { li.title = String(e); } if (s.readyState === 1) s.close(1000, 'cleanup after the call above'); });
  if (immediately) immediately(s);
}
// The server closes or drops when told to from the page's open handler (never after a fixed time,
// which under load could come before the page has seen open).
function serverScenario(title, url) {
  scenario(title, url, null, (s) => s.addEventListener('open', () => s.send('go')));
}
scenario('Normal close: close(1000)', WS + '/echo?demo=normal', (s) => s.close(1000));
scenario('App code with a reason: close(4001, "session expired")', WS + '/echo?demo=app-code', (s) => s.close(4001, 'session expired'));
scenario('App code 4403 with a reason', WS + '/echo?demo=forbidden', (s) => s.close(4403, 'forbidden: token revoked'));
scenario('Multi-byte reason of exactly 123 bytes', WS + '/echo?demo=reason-123', (s) => s.close(4000, '€'.repeat(41)));
scenario('Invalid code: close(1001)', WS + '/echo?demo=invalid-code', (s) => s.close(1001));
scenario('Too-long reason: 124 UTF-8 bytes', WS + '/echo?demo=long-reason', (s) => s.close(1000, 'é'.repeat(62)));
scenario('Not portable: close(2999.5)', WS + '/echo?demo=portability-2999.5', (s) => s.close(2999.5));
scenario('Not portable: close(undefined, "bye")', WS + '/echo?demo=reason-without-code', (s) => s.close(undefined, 'bye'));
scenario('Passes only by conversion: close("4001")', WS + '/echo?demo=string-code', (s) => s.close('4001'));
serverScenario('Server closes with 1001 Going Away', WS + '/server-close?demo=server-1001&code=1001&reason=' + encodeURIComponent('server restarting'));
serverScenario('Server closes with 1011 Internal Error', WS + '/server-close?demo=server-1011&code=1011&reason=' + encodeURIComponent('database unavailable'));
serverScenario('Server closes with no status code (1005)', WS + '/server-close?demo=server-1005&code=0');
serverScenario('Dropped connection (no Close frame)', WS + '/drop?demo=dropped');
scenario('Refused connection', 'ws://127.0.0.1:${refusedPort}/demo-refused');
scenario('Handshake answered 403 with a JSON body (only the recorder can see it)', WS + '/forbidden?demo=forbidden-handshake');
scenario('close() while CONNECTING', WS + '/echo?demo=connecting', null, (s) => s.close(4000, 'never mind'));
// Why it closed: an idle drop, a graphql-ws rejection, a reconnect storm without backoff.
serverScenario('Silent for 6 s, then dropped (an idle timeout)', WS + '/silent-drop?demo=silent-drop&after=6000');
{
  // A real graphql-ws server (the graphql-ws package) refusing an expired token.
  const s = new WebSocket(WS + '/graphql?demo=graphql-ws', 'graphql-transport-ws');
  s.addEventListener('open', () => s.send(JSON.stringify({ type: 'connection_init', payload: { token: 'expired' } })));
  const li = document.createElement('li');
  li.textContent = 'graphql-ws server rejects the connection: 4403 Forbidden';
  list.append(li);
}
(function storm(n) {
  // Reconnects at once after each close, six times: no backoff, no jitter.
  const s = new WebSocket(WS + '/server-close?demo=storm&code=1013&reason=' + encodeURIComponent('try again later'));
  s.addEventListener('open', () => s.send('go'));
  if (n > 1) s.addEventListener('close', () => storm(n - 1));
})(6);
{
  // A socket in a dedicated worker: no content script runs there, so only its handshake is seen.
  const source = 'const s = new WebSocket(' + JSON.stringify(WS + '/echo?demo=worker') + '); s.onopen = () => s.close(1000, "worker done");';
  new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const li = document.createElement('li');
  li.textContent = 'A socket in a dedicated worker: the panel lists its handshake under "sockets the page hook did not see"';
  list.append(li);
}
</script>
</body>
</html>`;
}
