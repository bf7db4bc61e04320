import { describe, expect, it } from 'vitest';
import { libraryOf } from '../../src/libraryOf';

const PAGE = 'https://app.example.com/dashboard';

describe('libraryOf', () => {
  it.each([
    ['at MqttClient._cleanUp (https://app.example.com/node_modules/mqtt/dist/mqtt.js:10:5)', 'mqtt'],
    ['_cleanUp@https://app.example.com/node_modules/.vite/deps/mqtt.js?v=1:10:5', 'mqtt'],
    [
      'at x (http://localhost:5173/node_modules/@supabase/realtime-js/dist/main.js:1:2)',
      '@supabase/realtime-js',
    ],
    ['at y (https://cdn.jsdelivr.net/npm/phoenix@1.7.0/priv/static/phoenix.js:3:4)', 'phoenix'],
    ['at z (https://unpkg.com/pusher-js@8/dist/web/pusher.js:1:1)', 'pusher-js'],
    [
      'at a (https://app.example.com/static/js/vendors~main.3f2a.chunk.js:1:99)',
      'the vendor bundle vendors~main.3f2a.chunk.js',
    ],
    ['at b (https://widgets.other.net/embed.js:4:2)', 'a script from widgets.other.net'],
    ['c@https://widgets.other.net/embed.js:4:2', 'a script from widgets.other.net'],
  ])('%s → %s', (frame, expected) => {
    expect(libraryOf(frame, PAGE)).toBe(expected);
  });

  it('the page’s own code is not a library', () => {
    expect(libraryOf('at connect (https://app.example.com/app.js:12:3)', PAGE)).toBeNull();
    expect(libraryOf('connect@https://app.example.com/app.js:12:3', PAGE)).toBeNull();
    expect(libraryOf('at <anonymous>', PAGE)).toBeNull();
  });
});
