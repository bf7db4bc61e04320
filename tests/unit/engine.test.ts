import { expect, it } from 'vitest';
import type { Engine } from '../../src/closeRules';
import { engineFromUserAgent } from '../../src/engine';

it.each<{ name: string; ua: string; engine: Engine }>([
  {
    name: 'Chrome',
    ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    engine: 'chromium',
  },
  {
    name: 'HeadlessChrome',
    ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
    engine: 'chromium',
  },
  {
    name: 'Edge',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0',
    engine: 'chromium',
  },
  {
    name: 'Firefox',
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
    engine: 'firefox',
  },
  {
    name: 'Safari',
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Safari/605.1.15',
    engine: 'webkit',
  },
  {
    name: 'Chrome on iOS (WebKit underneath)',
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0 Mobile/15E148 Safari/604.1',
    engine: 'webkit',
  },
])('$name → $engine', ({ ua, engine }) => {
  expect(engineFromUserAgent(ua)).toBe(engine);
});
