/**
 * The tool's identity, from one source: the name and version come from manifest.json (what the
 * stores and the browser show), so exported logs, the recorder and the extension never disagree.
 */
import manifest from '../manifest.json' with { type: 'json' };

export const TOOL_NAME: string = manifest.name;
export const TOOL_VERSION: string = manifest.version;

/** Firefox's add-on id (browser_specific_settings.gecko.id), which the build writes in. */
export const GECKO_ID = 'ws-close-inspector@devtools.example';

/** The panel's page inside the extension (DevTools opens it; "Open in tab" opens it by URL). */
export const PANEL_PAGE = 'extension/panel/index.html';
