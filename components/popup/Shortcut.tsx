// Footer line: the keyboard shortcut that opens this popup, as the browser reports it (the user may have changed
// or removed it in the browser's shortcut settings).
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export const OPEN_POPUP_COMMANDS = ['_execute_action', '_execute_browser_action'];

/** The manifest's suggested key: the browser does not assign it when another extension already uses it. */
function suggestedKey(): string | undefined {
  try {
    const commands = browser.runtime.getManifest().commands as Record<string, { suggested_key?: { default?: string } }> | undefined;
    return OPEN_POPUP_COMMANDS.map((c) => commands?.[c]?.suggested_key?.default).find(Boolean);
  } catch {
    return undefined;
  }
}

export function Shortcut() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  const suggested = suggestedKey();
  useEffect(() => {
    const commands = (browser as { commands?: typeof browser.commands }).commands;
    if (!commands?.getAll) return setShortcut(null);
    void commands.getAll().then(
      (all) => setShortcut(all.find((c) => c.name && OPEN_POPUP_COMMANDS.includes(c.name))?.shortcut || null),
      () => setShortcut(null),
    );
  }, []);
  if (shortcut === undefined) return null;
  return (
    <p class="meta shortcut" data-testid="shortcut">
      {shortcut ? (
        <>
          Open this popup with <kbd>{shortcut}</kbd>
        </>
      ) : (
        `No keyboard shortcut is set${suggested ? ` (suggested: ${suggested})` : ''}: choose one in the browser’s extension shortcut settings.`
      )}
    </p>
  );
}
